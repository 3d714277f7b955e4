package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dynamic batching's three keys in every configuration layer: file, EDGE_*, flags, per-model overrides. */
final class BatchingConfigTest {

    @Test
    void compiledSizesAreOnePreferredAndMaxOrPowersOfTwo() {
        assertEquals(List.of(1, 4, 6), List.copyOf(new Batching(6, List.of(4), 0).compiledSizes()));
        assertEquals(List.of(1, 2, 4, 8), List.copyOf(new Batching(8, List.of(), 0).compiledSizes()));
        assertEquals(List.of(1, 2, 4, 6), List.copyOf(new Batching(6, List.of(), 0).compiledSizes()));
        assertEquals(List.of(1, 2, 8), List.copyOf(new Batching(8, List.of(2, 8), 0).compiledSizes()));
    }

    @Test
    void batchingIsOffByDefault() {
        Batching b = ServerConfig.load(Optional.empty(), Map.of(), Map.of()).defaults().batching();
        assertEquals(Batching.off(), b);
        assertFalse(b.isOn());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileAndModelsOverride(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, """
                edge:
                  max-batch-size: 4
                  max-queue-delay: 100
                  models:
                    cameras:
                      max-batch-size: 16
                      preferred-batch-sizes: "8,16"
                    single:
                      max-batch-size: 1
                      preferred-batch-sizes: ""
                """);
        ServerConfig c = ServerConfig.load(Optional.of(file),
                Map.of("EDGE_MAX_BATCH_SIZE", "8", "EDGE_MAX_QUEUE_DELAY", "500"),
                Map.of("max-queue-delay", "2000", "preferred-batch-sizes", "4"));
        assertEquals(new Batching(8, List.of(4), 2000), c.defaults().batching());
        assertEquals(new Batching(16, List.of(8, 16), 2000), c.settingsFor("cameras").batching());
        assertEquals(new Batching(8, List.of(4), 2000), c.settingsFor("other").batching());
        assertEquals(new Batching(1, List.of(), 2000), c.settingsFor("single").batching());
        assertFalse(c.settingsFor("single").batching().isOn());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "edge:\n  models:\n    small:\n      max-batch-size: 2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(Optional.of(bad), Map.of(), Map.of("max-batch-size", "8",
                        "preferred-batch-sizes", "4")));
        assertTrue(e.getMessage().startsWith("models.small.: preferred-batch-sizes must ascend within 1..2"),
                e.getMessage());
    }

    @Test
    void badValuesAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("max-batch-size", "0")));
        assertEquals("max-batch-size must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(Optional.empty(), Map.of(), Map.of("max-queue-delay", "-1")));
        assertEquals("max-queue-delay must be non-negative, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.load(Optional.empty(), Map.of(),
                Map.of("max-batch-size", "8", "preferred-batch-sizes", "8,4")));
        assertTrue(e.getMessage().startsWith("preferred-batch-sizes must ascend within 1..8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.load(Optional.empty(), Map.of(),
                Map.of("max-batch-size", "8", "preferred-batch-sizes", "four")));
        assertTrue(e.getMessage().contains("preferred-batch-sizes must be integers"), e.getMessage());
    }
}
