package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge dist}'s usage errors, before anything is built. (The distribution itself is built and run in a Debian
 * root by the dist module's tests, which run after tools is packaged.)
 */
final class DistCommandTest {

    @Test
    void aBaseRootfsThatIsNotDebianIsAUsageError(@TempDir Path dir) {
        Cli r = Cli.run("dist", "--out", dir.resolve("out").toString(), "--base-rootfs", dir.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("is not a Debian root (no etc/debian_version)"), r.err());
        assertTrue(Files.notExists(dir.resolve("out")), "nothing built");
    }

    @Test
    void theHelpNamesTheArtifacts() {
        Cli r = Cli.run("dist", "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("--base-rootfs") && r.out().contains("OCI image"), r.out());
    }
}
