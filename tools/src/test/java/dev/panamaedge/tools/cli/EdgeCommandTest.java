package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class EdgeCommandTest {

    @Test
    void noSubcommandPrintsUsageAndExits2() {
        Cli r = Cli.run();
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Usage: edge"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void versionNamesPanamaEdgeAndOpenVino() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("panama-edge 0.1.0-SNAPSHOT (built for OpenVINO 2026.4.1)"), r.out());
        assertTrue(r.out().contains("\nOpenVINO 2026.4"), r.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli r = Cli.run("validate", "--no-such-option");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
    }

    @Test
    void classifyNeedsAnImage() {
        Cli r = Cli.run("classify");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Missing required parameter: 'IMAGE'"), r.err());
    }

    @Test
    void badHintIsAUsageError() {
        Cli r = Cli.run("bench", "--hint", "fast");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--hint must be latency or throughput, got 'fast'"), r.err());
    }

    @Test
    void unknownBenchEngineIsAUsageError() {
        Cli r = Cli.run("bench", "--engine", "native,tensorrt");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown engine 'tensorrt'"), r.err());
    }

    @Test
    void missingModelFileGivesOneClearLine(@TempDir Path dir) {
        Path absent = dir.resolve("absent.xml");
        Cli r = Cli.run("validate", "--model", absent.toString());
        assertEquals(2, r.exitCode());
        assertEquals("edge validate: error: no such file: " + absent, r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void directoryWithoutModelXmlIsNamed(@TempDir Path dir) {
        Cli r = Cli.run("classify", "--model", dir.toString(), "cat.jpg");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(dir.resolve("model.xml").toString()), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace expected: " + r.err());
    }

    @Test
    void corruptModelIsAnInputError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.xml"), "<net name='broken'");
        Cli r = Cli.run("validate", "--model", dir.toString(), "--inputs", "1");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("edge validate: error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
