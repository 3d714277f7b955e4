package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiled-model cache keyed by what the model is, not where it lies; and the weights' size check. */
final class CompiledModelCacheTest {
    @TempDir
    Path tmp;

    private static byte[] bias(float... values) {
        byte[] bin = new byte[values.length * Float.BYTES];
        MemorySegment.copy(values, 0, MemorySegment.ofArray(bin),
                ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, values.length);
        return bin;
    }

    /** Output for a zero input: the bias itself. Each call is a fresh core, as after a restart. */
    private static float[] run(Path xml, CompileOptions options) {
        try (OpenVinoEngine engine = OpenVinoEngine.load(xml, options)) {
            return engine.run(Map.of("input", Tensor.ofFloats(Shape.of(1, 4), new float[] {0f, 0f, 0f, 0f})))
                    .get("output").toFloatArray();
        }
    }

    private static List<String> entries(Path cache) throws IOException {
        try (Stream<Path> list = Files.list(cache)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacedWeightsAreServedFromTheSameCacheDir() throws Exception {
        Path xml = TestModels.tinyAdd().writeTo(tmp);
        Path cache = tmp.resolve("cache");
        CompileOptions cached = CompileOptions.cpu().withCacheDir(cache);
        assertArrayEquals(TestModels.ADD_BIAS, run(xml, cached));
        assertArrayEquals(TestModels.ADD_BIAS, run(xml, cached), "warm cache, same weights");
        assertEquals(1, entries(cache).size(), "the second compile used the first one's entry: " + entries(cache));

        Files.write(xml.resolveSibling("tiny_add.bin"), bias(10f, 20f, 30f, 40f));
        assertArrayEquals(new float[] {10f, 20f, 30f, 40f}, run(xml, cached), "new weights, same layout and path");
        assertArrayEquals(new float[] {10f, 20f, 30f, 40f}, run(xml, cached), "and again from the warm cache");
        Files.write(xml.resolveSibling("tiny_add.bin"), TestModels.tinyAdd().weights());
        assertArrayEquals(TestModels.ADD_BIAS, run(xml, cached), "the old weights back");
    }

    @Test
    void devicePropertiesAndVersionGoIntoTheKey() throws Exception {
        Path xml = TestModels.tinyAdd().writeTo(tmp);
        Path cache = tmp.resolve("cache");
        List<String> pairs = CompileOptions.cpu().propertyPairs();
        Path a = CompiledModelCache.entry(cache, xml, "2026.4.1", "CPU", pairs);
        assertEquals(a, CompiledModelCache.entry(cache, xml, "2026.4.1", "CPU", pairs));
        assertFalse(a.equals(CompiledModelCache.entry(cache, xml, "2026.4.2", "CPU", pairs)), "version");
        assertFalse(a.equals(CompiledModelCache.entry(cache, xml, "2026.4.1", "GPU", pairs)), "device");
        assertFalse(a.equals(CompiledModelCache.entry(cache, xml, "2026.4.1", "CPU",
                CompileOptions.cpu().withExtra("INFERENCE_PRECISION_HINT", "f32").propertyPairs())), "properties");
        Files.writeString(xml, Files.readString(xml).replace("name=\"add\"", "name=\"plus\""));
        assertFalse(a.equals(CompiledModelCache.entry(cache, xml, "2026.4.1", "CPU", pairs)), "xml");
    }

    @Test
    void truncatedOrOversizedWeightsAreRefusedWithAndWithoutCache() throws Exception {
        Path xml = TestModels.tinyAdd().writeTo(tmp);
        Path bin = xml.resolveSibling("tiny_add.bin");
        CompileOptions cached = CompileOptions.cpu().withCacheDir(tmp.resolve("cache"));
        run(xml, cached);
        Files.write(bin, Arrays.copyOf(TestModels.tinyAdd().weights(), 12));
        for (CompileOptions options : List.of(cached, CompileOptions.cpu())) {
            InvalidModelException e = assertThrows(InvalidModelException.class, () -> run(xml, options));
            assertEquals("tiny_add.bin is 12 bytes, but the constants in tiny_add.xml need 16 (truncated or wrong .bin?)",
                    e.getMessage());
        }
        Files.write(bin, Arrays.copyOf(TestModels.tinyAdd().weights(), 20));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> run(xml, cached));
        assertEquals("tiny_add.bin is 20 bytes, 4 more than the constants in tiny_add.xml use (a .bin from another model?)",
                e.getMessage());
        Files.delete(bin);
        e = assertThrows(InvalidModelException.class, () -> run(xml, cached));
        assertTrue(e.getMessage().contains("weights file tiny_add.bin is missing"), e.getMessage());
    }

    @Test
    void cacheKeepsTwoEntriesPerModelAndDropsGoneModelsAndOldBlobs() throws Exception {
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("1234567890.blob"), "a blob of the path-keyed layout");
        Path dirA = Files.createDirectories(tmp.resolve("a"));
        Path dirB = Files.createDirectories(tmp.resolve("b"));
        Path xmlA = TestModels.tinyAdd().writeTo(dirA);
        Path xmlB = TestModels.tinyAdd().writeTo(dirB);
        Files.write(xmlB.resolveSibling("tiny_add.bin"), bias(-1f, -1f, -1f, -1f));
        CompileOptions cached = CompileOptions.cpu().withCacheDir(cache);
        run(xmlB, cached);
        for (int i = 1; i <= 4; i++) {
            Files.write(xmlA.resolveSibling("tiny_add.bin"), bias(i, i, i, i));
            assertArrayEquals(new float[] {i, i, i, i}, run(xmlA, cached));
        }
        List<String> names = entries(cache);
        assertEquals(3, names.size(), "two for a, one for b, no old blob: " + names);
        assertTrue(names.stream().allMatch(n -> n.startsWith(CompiledModelCache.ENTRY_PREFIX)), names.toString());

        Files.delete(xmlB);
        Files.write(xmlA.resolveSibling("tiny_add.bin"), bias(5f, 5f, 5f, 5f));
        run(xmlA, cached);
        assertEquals(2, entries(cache).size(), "b's entry went with b: " + entries(cache));
        try (Stream<Path> files = Files.walk(cache)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".blob")), "OpenVINO writes its blob into the entry");
        }
    }
}
