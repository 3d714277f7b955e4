package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.server.Engines;
import dev.panamaedge.server.ServerConfig;
import dev.panamaedge.server.ServerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * A server of this model, named {@code small}, on the reference engine and a free loopback port, loaded
     * before it returns.
     *
     * @param settings further server settings, as name-value pairs
     */
    static ServerMain serve(String... settings) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("port", "0", "engine", "reference",
                "model", directory().resolve("model.xml").toString(), "model-name", "small"));
        for (int i = 0; i < settings.length; i += 2) {
            all.put(settings[i], settings[i + 1]);
        }
        ServerMain server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), all), new Engines(),
                List::of);
        assertTrue(server.registry().awaitLoaded(120_000) && server.registry().isReady(), "model did not load");
        return server;
    }
}
