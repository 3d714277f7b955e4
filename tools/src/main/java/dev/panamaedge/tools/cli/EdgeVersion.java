package dev.panamaedge.tools.cli;

import dev.panamaedge.openvino.OpenVino;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code edge --version} and {@code edge serve --version}: panama-edge's version, the OpenVINO release it loads
 * (or why it cannot), the Java runtime and the Helidon release the server runs on.
 */
final class EdgeVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties build = buildProperties();
        String openvino;
        try {
            openvino = "OpenVINO " + OpenVino.load().version();
        } catch (RuntimeException | LinkageError e) {
            openvino = "OpenVINO not loadable: " + Failures.describe(e);
        }
        return new String[] {
            "panama-edge " + build.getProperty("version", "unknown") + " (built for OpenVINO "
                    + build.getProperty("openvino.version", "unknown") + ")",
            openvino,
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
            "Helidon " + io.helidon.common.Version.VERSION
        };
    }

    static Properties buildProperties() {
        var p = new Properties();
        try (InputStream in = EdgeVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Only the version line suffers; it then says "unknown".
        }
        return p;
    }
}
