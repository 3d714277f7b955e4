package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.server.ServerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge serve} that cannot serve stops at once with the README's exit code and one line saying why,
 * never printing "ready": a busy port, a missing model, a bad configuration, a model that cannot load. And
 * {@code edge serve --version} names every version an operator needs in a bug report.
 */
final class ServeStartFailuresTest {

    @Test
    void aSecondServerOnABusyPortExitsOneNamingTheAddress() throws Exception {
        try (ServerMain first = SmallModel.serve()) {
            Cli r = Cli.run("serve", "--port", Integer.toString(first.port()), "--engine", "reference", "--model",
                    SmallModel.directory().resolve("model.xml").toString());
            assertEquals(1, r.exitCode(), r.err());
            assertEquals("edge serve: error: cannot listen on 127.0.0.1:" + first.port()
                    + ": Address already in use (is another server running there?)", r.err().strip());
            assertEquals("", r.out(), "no 'serving at' line");
            assertTrue(first.registry().isReady(), "the first server is untouched");
        }
    }

    @Test
    void aMissingModelIsAUsageError(@TempDir Path dir) {
        Path xml = dir.resolve("nothing/model.xml");
        Cli r = Cli.run("serve", "--port", "0", "--model", xml.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("edge serve: error: model " + xml + " does not exist", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void aBadConfigurationIsAUsageError(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("edge.yaml"), "edge:\n  prot: 9000\n");
        Cli r = Cli.run("serve", "--config", config.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().strip().startsWith("edge serve: error: " + config + ": unknown setting edge.prot"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aModelThatCannotLoadExitsOneBeforeReady(@TempDir Path dir) throws Exception {
        Path xml = Files.writeString(Files.createDirectories(dir.resolve("broken")).resolve("model.xml"), "<net/>");
        Cli r = Cli.run("serve", "--port", "0", "--engine", "reference", "--model", xml.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("edge serve: error: no model could be loaded: model broken/1 failed to load: "),
                r.err());
        assertFalse(r.err().contains("edge: ready"), r.err());
    }

    @Test
    void serveVersionNamesPanamaEdgeJavaOpenVinoAndHelidon() {
        for (String[] args : new String[][] {{"serve", "--version"}, {"--version"}}) {
            Cli r = Cli.run(args);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().startsWith("panama-edge 0.1.0-SNAPSHOT (built for OpenVINO 2026.4.1)"), r.out());
            assertTrue(r.out().contains("\nOpenVINO 2026.4"), r.out());
            assertTrue(r.out().contains("\nJava " + Runtime.version()), r.out());
            assertTrue(r.out().contains("\nHelidon 4.5.0"), r.out());
        }
    }
}
