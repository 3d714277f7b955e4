package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MobileNetV2 at width 0.35 and 96 px (STYLE §2.9's small test model), created once per test JVM through
 * {@code edge models create} into a temporary directory.
 */
final class SmallModel {
    private static Path dir;

    private SmallModel() {
    }

    static synchronized Path directory() throws IOException {
        if (dir == null) {
            Path d = Files.createTempDirectory("edge-small-model");
            Cli r = Cli.run("models", "create", "mobilenet_v2", "--width", "0.35", "--resolution", "96",
                    "--classes", "1000", "--seed", "7", "--out", d.toString());
            assertEquals(0, r.exitCode(), r.err());
            dir = d;
        }
        return dir;
    }
}
