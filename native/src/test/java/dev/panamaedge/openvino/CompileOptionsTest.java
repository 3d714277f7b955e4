package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.bindings.openvino.openvino_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void typedOptionsBecomeKeyValuePairsInAFixedOrder() {
        var options = CompileOptions.cpu().withHint(PerformanceHint.THROUGHPUT).withStreams(2).withThreads(1)
                .withCacheDir(Path.of("/tmp/ov-cache")).withProfiling(true)
                .withExtra("ENABLE_CPU_PINNING", "NO").withExtra("CACHE_MODE", "OPTIMIZE_SPEED");
        assertEquals(List.of("PERFORMANCE_HINT", "THROUGHPUT", "NUM_STREAMS", "2", "INFERENCE_NUM_THREADS", "1",
                "CACHE_DIR", "/tmp/ov-cache", "PERF_COUNT", "YES", "CACHE_MODE", "OPTIMIZE_SPEED",
                "ENABLE_CPU_PINNING", "NO"), options.propertyPairs());
        assertEquals("CPU", options.device());
    }

    @Test
    void defaultsSetNoProperties() {
        assertEquals(List.of(), CompileOptions.cpu().propertyPairs());
    }

    @Test
    void typedKeysAreOpenVinosOwnKeys() {
        OpenVino.load();
        assertEquals(CompileOptions.KEY_HINT, text(openvino_h.ov_property_key_hint_performance_mode()));
        assertEquals(CompileOptions.KEY_STREAMS, text(openvino_h.ov_property_key_num_streams()));
        assertEquals(CompileOptions.KEY_THREADS, text(openvino_h.ov_property_key_inference_num_threads()));
        assertEquals(CompileOptions.KEY_CACHE_DIR, text(openvino_h.ov_property_key_cache_dir()));
        assertEquals(CompileOptions.KEY_PROFILING, text(openvino_h.ov_property_key_enable_profiling()));
        assertEquals(CompileOptions.KEY_ENCRYPTION_CALLBACKS,
                text(openvino_h.ov_property_key_cache_encryption_callbacks()));
    }

    private static String text(MemorySegment cString) {
        return CStrings.readBorrowed(cString);
    }

    @Test
    void invalidTypedValuesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> CompileOptions.cpu().withStreams(0));
        assertEquals("streams must be at least 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompileOptions.cpu().withThreads(-1));
        assertThrows(IllegalArgumentException.class, () -> CompileOptions.device(" "));
    }

    @Test
    void aKeySetTwiceIsAmbiguous() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CompileOptions.cpu().withHint(PerformanceHint.LATENCY).withExtra("PERFORMANCE_HINT", "THROUGHPUT"));
        assertEquals("property PERFORMANCE_HINT is set both as a typed option and in extra", e.getMessage());
    }

    @Test
    void encryptionCallbacksCannotBePassedAsText() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CompileOptions.cpu().withExtra("CACHE_ENCRYPTION_CALLBACKS", "0x1234"));
        assertTrue(e.getMessage().startsWith("CACHE_ENCRYPTION_CALLBACKS takes function pointers"), e.getMessage());
    }

    @Test
    void oddPropertyCountIsRejectedBeforeTheNativeCall() {
        OpenVino.load();
        var e = assertThrows(IllegalArgumentException.class, () -> {
            try (Arena call = Arena.ofConfined()) {
                // NULL core and model: the check must fire before OpenVINO ever sees them.
                PropertyArgs.compileModel(MemorySegment.NULL, MemorySegment.NULL, "CPU",
                        List.of("PERFORMANCE_HINT", "LATENCY", "NUM_STREAMS"), call.allocate(8), call);
            }
        });
        assertEquals("ov_core_compile_model takes key/value pairs; got 3 strings, an odd count: "
                + "[PERFORMANCE_HINT, LATENCY, NUM_STREAMS]", e.getMessage());
    }

    @Test
    void badPropertyValueCarriesOpenVinosError() throws Exception {
        Path xml = TestModels.tinyRelu().writeTo(tmp);
        try (Core core = Core.create()) {
            var e = assertThrows(OpenVinoException.class,
                    () -> core.compile(xml, CompileOptions.cpu().withExtra("PERFORMANCE_HINT", "FASTEST")));
            assertEquals("ov_core_compile_model_from_file", e.function());
            assertEquals(Status.GENERAL_ERROR, e.status());
            assertTrue(e.detail().contains("FASTEST"), e.detail());
        }
    }

    @Test
    void typedOptionsReachTheCompiledModel() throws Exception {
        Path xml = TestModels.tinyRelu().writeTo(tmp);
        try (Core core = Core.create();
                CompiledModel compiled = core.compile(xml, CompileOptions.cpu().withHint(PerformanceHint.THROUGHPUT)
                        .withStreams(2).withThreads(2).withProfiling(true))) {
            assertEquals("THROUGHPUT", compiled.property("PERFORMANCE_HINT"));
            assertEquals("2", compiled.property("NUM_STREAMS"));
            assertEquals("2", compiled.property("INFERENCE_NUM_THREADS"));
            assertEquals("YES", compiled.property("PERF_COUNT"));
            assertEquals(2, compiled.optimalNumberOfInferRequests());
        }
    }

    @Test
    void cacheDirReceivesTheCompiledBlob() throws Exception {
        Path xml = TestModels.tinyAdd().writeTo(tmp);
        Path cache = tmp.resolve("cache");
        try (Core core = Core.create();
                CompiledModel compiled = core.compile(xml, CompileOptions.cpu().withCacheDir(cache));
                var files = java.nio.file.Files.walk(cache)) {
            // In the entry for this content (CompiledModelCache), not at the top level.
            List<String> names = files.map(p -> cache.relativize(p).toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("ov-[0-9a-f]{32}/.*\\.blob")), "cache holds " + names);
            assertEquals(1, compiled.inputs().size());
        }
    }
}
