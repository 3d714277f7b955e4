package dev.panamaedge.dist;

import dev.panamaedge.testsupport.MissingData;
import dev.panamaedge.testsupport.ProjectVenv;
import dev.panamaedge.tools.dist.DistributionBuild;
import dev.panamaedge.tools.dist.DistributionInputs;
import dev.panamaedge.turbojpeg.TurboJpeg;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The distribution under test, built once per test JVM as {@code ./edge dist} builds it: from the packaged tools
 * jar and its {@code target/lib} (the reactor packages tools before this module's tests), the JDK running the
 * tests, the project venv's OpenVINO and the repository's {@code deploy/}. Lands in {@code dist/target/dist}.
 */
final class DistUnderTest {
    private static DistributionBuild.Result built;

    private DistUnderTest() {
    }

    static synchronized DistributionBuild.Result get() throws IOException {
        if (built == null) {
            Path project = Path.of(System.getProperty("edge.project.dir", "..")).toAbsolutePath().normalize();
            Path toolsJar = project.resolve("tools/target/panama-edge-tools.jar");
            Path lib = project.resolve("tools/target/lib");
            if (!Files.isRegularFile(toolsJar) || !Files.isDirectory(lib)) {
                return MissingData.skipOrFail("no packaged tools (" + toolsJar + ", " + lib
                        + "): run through the reactor, mvn -pl dist -am verify");
            }
            List<Path> classPath = new ArrayList<>(List.of(toolsJar));
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(classPath::add);
            }
            Properties version = new Properties();
            try (InputStream in = DistUnderTest.class.getResourceAsStream("/dev/panamaedge/tools/cli/version.properties")) {
                version.load(in);
            }
            Optional<Path> turboJpeg;
            try {
                turboJpeg = Optional.of(TurboJpeg.load().libraryPath());
            } catch (RuntimeException e) {
                turboJpeg = Optional.empty(); // the distribution then relies on the system's, as documented
            }
            var inputs = new DistributionInputs(version.getProperty("version"), version.getProperty("openvino.version"),
                    toolsJar, classPath, ProjectVenv.openVinoLibs(), turboJpeg, project.resolve("deploy"));
            var progress = new StringWriter();
            built = DistributionBuild.run(inputs, project.resolve("dist/target/dist"), Optional.empty(),
                    new PrintWriter(progress));
            System.err.print(progress);
        }
        return built;
    }
}
