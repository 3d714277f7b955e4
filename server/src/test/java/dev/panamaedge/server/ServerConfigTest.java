package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration precedence: file, then EDGE_* environment, then flags; unknown keys are errors. */
final class ServerConfigTest {

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, """
                edge:
                  port: 7000
                  queue-capacity: 5
                  hint: latency
                  shadow-sample-rate: 0.5
                  models:
                    special:
                      engine: reference
                      queue-capacity: 2
                """);
        ServerConfig c = ServerConfig.load(Optional.of(file), Map.of("EDGE_PORT", "7100", "EDGE_QUEUE_CAPACITY", "6"),
                Map.of("port", "7200"));
        assertEquals(7200, c.port());
        assertEquals(6, c.defaults().queueCapacity());
        assertEquals("LATENCY", c.defaults().hint());
        assertEquals(0.5, c.shadowSampleRate());
        assertEquals(EngineKind.REFERENCE, c.settingsFor("special").engine());
        assertEquals(2, c.settingsFor("special").queueCapacity());
        assertEquals("LATENCY", c.settingsFor("special").hint());
        assertEquals(EngineKind.NATIVE, c.settingsFor("other").engine());
    }

    @Test
    void defaultsServeLoopbackOn8080WithTheNativeEngine() {
        ServerConfig c = ServerConfig.load(Optional.empty(), Map.of(), Map.of());
        assertEquals("127.0.0.1", c.host());
        assertEquals(8080, c.port());
        assertEquals(EngineKind.NATIVE, c.defaults().engine());
        assertEquals(64, c.defaults().queueCapacity());
        assertEquals("f32", c.defaults().precision());
    }

    @Test
    void callerDefaultsGiveWayToEverySourceAndNoneTurnsTheCacheOff(@TempDir Path dir) throws Exception {
        Map<String, String> defaults = Map.of("cache-dir", "/store/.ov-cache");
        assertEquals(Optional.of(Path.of("/store/.ov-cache")),
                ServerConfig.load(Optional.empty(), Map.of(), Map.of(), defaults).defaults().cacheDir());
        assertEquals(Optional.of(Path.of("/env/cache")), ServerConfig.load(Optional.empty(),
                Map.of("EDGE_CACHE_DIR", "/env/cache"), Map.of(), defaults).defaults().cacheDir());
        assertEquals(Optional.empty(), ServerConfig.load(Optional.empty(), Map.of(), Map.of("cache-dir", "none"),
                defaults).defaults().cacheDir());
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, "edge:\n  models:\n    m:\n      cache-dir: /m/cache\n");
        ServerConfig c = ServerConfig.load(Optional.of(file), Map.of(), Map.of(), defaults);
        assertEquals(Optional.of(Path.of("/m/cache")), c.settingsFor("m").cacheDir());
        assertEquals(Optional.of(Path.of("/store/.ov-cache")), c.settingsFor("other").cacheDir());
        assertEquals(Optional.empty(), ServerConfig.load(Optional.empty(), Map.of(), Map.of()).defaults().cacheDir());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(Optional.empty(), Map.of(), Map.of(), Map.of("cache", "/x")));
        assertTrue(e.getMessage().contains("unknown default setting 'cache'"), e.getMessage());
    }

    @Test
    void unknownKeysAndBadValuesAreRejectedByName(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("prot", "1")));
        assertTrue(e.getMessage().contains("unknown setting 'prot'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(Optional.empty(), Map.of("EDGE_PORT", "eighty"), Map.of()));
        assertEquals("port must be an integer, got 'eighty'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("engine", "gpu")));
        assertTrue(e.getMessage().contains("engine must be native or reference"), e.getMessage());
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "edge:\n  colour: blue\n");
        e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.load(Optional.of(file), Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("unknown setting edge.colour"), e.getMessage());
    }
}
