package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenVinoEngineTest {
    private static final CompileOptions THROUGHPUT = CompileOptions.cpu().withHint(PerformanceHint.THROUGHPUT);

    @TempDir
    Path tmp;

    private static Tensor row(float... values) {
        return Tensor.ofFloats(Shape.of(1, values.length), values);
    }

    @Test
    void runReturnsHeapOutputsInModelOrder() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp), CompileOptions.cpu())) {
            assertEquals("native", engine.name());
            assertEquals(List.of(new TensorSpec("input", ElementType.F32, new long[] {1, 4})), engine.inputs());
            assertEquals(List.of(new TensorSpec("output", ElementType.F32, new long[] {1, 4})), engine.outputs());
            Map<String, Tensor> out = engine.run(Map.of("input", row(1f, 1f, 1f, -10f)));
            assertEquals(List.of("output"), List.copyOf(out.keySet()));
            Tensor result = out.get("output");
            assertArrayEquals(new float[] {2f, 3f, 4f, -6f}, result.toFloatArray());
            assertEquals(Shape.of(1, 4), result.shape());
            assertTrue(!result.data().isNative(), "outputs are heap copies the caller owns");
        }
    }

    @Test
    void nativeInputsAreLentWithoutCopyingOrHandles() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp), CompileOptions.cpu());
                Arena arena = Arena.ofConfined()) {
            Tensor input = Tensor.allocate(ElementType.F32, Shape.of(1, 4), arena);
            MemorySegment.copy(new float[] {4f, 3f, 2f, 1f}, 0, input.data(), ValueLayout.JAVA_FLOAT, 0, 4);
            long handles = LiveHandles.count();
            assertArrayEquals(new float[] {5f, 5f, 5f, 5f}, engine.run(Map.of("x", input)).get("output").toFloatArray());
            input.data().set(ValueLayout.JAVA_FLOAT, 0, 0f);
            assertArrayEquals(new float[] {1f, 5f, 5f, 5f}, engine.run(Map.of("x", input)).get("output").toFloatArray());
            assertEquals(handles, LiveHandles.count(), "a run with native input leaves no handle behind");
            assertArrayEquals(new float[] {2f, 3f, 4f, 5f}, engine.run(Map.of("x", row(1f, 1f, 1f, 1f)))
                    .get("output").toFloatArray(), "heap input on the request that last had lent memory");
        }
    }

    @Test
    void nativeInputWhoseMemoryIsGoneIsRefused() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp), CompileOptions.cpu())) {
            Arena arena = Arena.ofShared();
            Tensor input = Tensor.allocate(ElementType.F32, Shape.of(1, 4), arena);
            arena.close();
            var closed = assertThrows(IllegalStateException.class, () -> engine.run(Map.of("input", input)));
            assertEquals("setInputMemory: the segment belongs to a closed arena", closed.getMessage());
            try (Arena confined = Arena.ofConfined()) {
                Tensor mine = Tensor.allocate(ElementType.F32, Shape.of(1, 4), confined);
                var e = assertThrows(ExecutionException.class, () -> CompletableFuture.supplyAsync(
                        () -> engine.run(Map.of("input", mine))).get(30, TimeUnit.SECONDS));
                assertEquals("setInputMemory: the segment is confined to another thread",
                        assertInstanceOf(WrongThreadException.class, e.getCause()).getMessage());
                assertArrayEquals(TestModels.ADD_BIAS, engine.run(Map.of("input", mine)).get("output").toFloatArray());
            }
        }
    }

    @Test
    void passThroughOutputsAreCopiedBeforeTheLentMemoryIsReleased() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyIdentity().writeTo(tmp), CompileOptions.cpu())) {
            Tensor out;
            try (Arena arena = Arena.ofConfined()) {
                Tensor input = Tensor.allocate(ElementType.F32, Shape.of(1, 4), arena);
                MemorySegment.copy(new float[] {9f, 8f, 7f, 6f}, 0, input.data(), ValueLayout.JAVA_FLOAT, 0, 4);
                out = engine.run(Map.of("input", input)).values().iterator().next();
            }
            assertArrayEquals(new float[] {9f, 8f, 7f, 6f}, out.toFloatArray());
        }
    }

    @Test
    void fourThreadsLendingTheirOwnMemoryGetTheirOwnResults() throws Exception {
        int threads = 4;
        int perThread = 200;
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp), THROUGHPUT)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> checked = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t * perThread;
                    checked.add(pool.submit(() -> {
                        try (Arena arena = Arena.ofConfined()) {
                            Tensor input = Tensor.allocate(ElementType.F32, Shape.of(1, 4), arena);
                            for (int i = first; i < first + perThread; i++) {
                                MemorySegment.copy(input(i).data(), 0, input.data(), 0, 16);
                                float[] got = engine.run(Map.of("input", input)).get("output").toFloatArray();
                                assertArrayEquals(new float[] {i + 1f, i + 2.5f, i + 4f, i + 5.5f}, got, "inference " + i);
                            }
                        }
                        return perThread;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : checked) {
                    total += f.get(120, TimeUnit.SECONDS);
                }
                assertEquals(threads * perThread, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void badInputsAreRejectedInJavaNamingTheInput() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyTwoInputs().writeTo(tmp), CompileOptions.cpu())) {
            Tensor ok = row(1f, 2f, 3f, 4f);
            var unknown = assertThrows(IllegalArgumentException.class,
                    () -> engine.run(Map.of("a", ok, "c", ok)));
            assertEquals("unknown input 'c'; the model's inputs are [a:f32[1, 4], b:f32[1, 4]]", unknown.getMessage());
            var missing = assertThrows(IllegalArgumentException.class, () -> engine.run(Map.of("a", ok)));
            assertEquals("missing input 'b' (b:f32[1, 4]); got [a]", missing.getMessage());
            var type = assertThrows(IllegalArgumentException.class, () -> engine.run(Map.of("a", ok, "b",
                    Tensor.ofBytes(ElementType.U8, Shape.of(1, 4), new byte[4]))));
            assertEquals("input 'b': expected element type f32, got u8", type.getMessage());
            var shape = assertThrows(IllegalArgumentException.class,
                    () -> engine.run(Map.of("a", ok, "b", row(1f, 2f, 3f))));
            assertEquals("input 'b': expected shape [1, 4], got [1, 3]", shape.getMessage());
            assertArrayEquals(new float[] {2f, 4f, 6f, 8f},
                    engine.run(Map.of("a", ok, "b", ok)).get("sum").toFloatArray());
        }
    }

    @Test
    void dynamicInputsGetBuffersOfEachShape() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyPairs().writeTo(tmp), CompileOptions.cpu())) {
            assertArrayEquals(new long[] {-1}, engine.inputs().get(0).dims());
            Tensor four = Tensor.ofFloats(Shape.of(4), 1f, 2f, 3f, 4f);
            Tensor six = Tensor.ofFloats(Shape.of(6), 1f, 2f, 3f, 4f, 5f, 6f);
            assertEquals(Shape.of(2, 2), engine.run(Map.of("input", four)).get("pairs").shape());
            Tensor pairs = engine.run(Map.of("input", six)).get("pairs");
            assertEquals(Shape.of(3, 2), pairs.shape());
            assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, pairs.toFloatArray());
            var e = assertThrows(OpenVinoException.class,
                    () -> engine.run(Map.of("input", Tensor.ofFloats(Shape.of(3), 1f, 2f, 3f))));
            assertEquals("ov_infer_request_infer", e.function());
            assertEquals(Shape.of(2, 2), engine.run(Map.of("input", four)).get("pairs").shape(),
                    "the request is usable after a failed inference");
        }
    }

    @Test
    void fourThreadsThroughThePoolMatchSingleThreadedResults() throws Exception {
        int threads = 4;
        int perThread = 200;
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp), THROUGHPUT)) {
            assertTrue(engine.optimalConcurrency() >= 1);
            float[][] expected = new float[threads * perThread][];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = engine.run(Map.of("input", input(i))).get("output").toFloatArray();
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> checked = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t * perThread;
                    checked.add(pool.submit(() -> {
                        for (int i = first; i < first + perThread; i++) {
                            float[] got = engine.run(Map.of("input", input(i))).get("output").toFloatArray();
                            assertArrayEquals(expected[i], got, "inference " + i);
                        }
                        return perThread;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : checked) {
                    total += f.get(120, TimeUnit.SECONDS);
                }
                assertEquals(threads * perThread, total);
            } finally {
                pool.shutdownNow();
            }
            assertArrayEquals(new float[] {8f, 9.5f, 11f, 12.5f}, expected[7]);
        }
    }

    /** Distinct values per inference, so a mixed-up request shows up as a wrong result. */
    private static Tensor input(int i) {
        return row(i, i + 0.5f, i + 1f, i + 1.5f);
    }

    @Test
    void runAsyncCompletesMoreRequestsThanThePoolHolds() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp), THROUGHPUT)) {
            int n = engine.optimalConcurrency() * 8;
            List<CompletableFuture<Map<String, Tensor>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(engine.runAsync(Map.of("input", input(i))));
            }
            for (int i = 0; i < n; i++) {
                float[] got = futures.get(i).get(60, TimeUnit.SECONDS).get("output").toFloatArray();
                assertArrayEquals(new float[] {i + 1f, i + 2.5f, i + 4f, i + 5.5f}, got, "inference " + i);
            }
        }
    }

    @Test
    void runAsyncReportsBadInputThroughTheFuture() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp), CompileOptions.cpu())) {
            var future = engine.runAsync(Map.of("input", row(1f)));
            var e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
            var cause = assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertEquals("input 'input': expected shape [1, 4], got [1, 1]", cause.getMessage());
        }
    }

    @Test
    void closeWaitsForInferencesInFlightThenRejectsRuns() throws Exception {
        long before = LiveHandles.count();
        OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp), THROUGHPUT);
        List<CompletableFuture<Map<String, Tensor>>> futures = new ArrayList<>();
        for (int i = 0; i < engine.optimalConcurrency(); i++) {
            futures.add(engine.runAsync(Map.of("input", input(i))));
        }
        engine.close();
        engine.close();
        for (var f : futures) {
            assertTrue(f.isDone(), "close returned with an inference in flight");
            assertEquals(1, f.get().size());
        }
        var e = assertThrows(IllegalStateException.class, () -> engine.run(Map.of("input", input(0))));
        assertEquals("OpenVinoEngine is closed", e.getMessage());
        assertEquals(before, LiveHandles.count());
    }

    @Test
    void poolIsSizedFromOpenVinosOptimalRequestCount() throws Exception {
        Path xml = TestModels.tinyAdd().writeTo(tmp);
        try (Core core = Core.create();
                CompiledModel compiled = core.compile(xml, THROUGHPUT);
                OpenVinoEngine engine = OpenVinoEngine.load(core, xml, THROUGHPUT)) {
            assertEquals(compiled.optimalNumberOfInferRequests(), engine.optimalConcurrency());
            assertEquals("THROUGHPUT", engine.property("PERFORMANCE_HINT"));
        }
    }

    @Test
    void poolSizeFollowsTheRequestedMultipleOrCount() throws Exception {
        Path xml = TestModels.tinyAdd().writeTo(tmp);
        try (Core core = Core.create();
                CompiledModel compiled = core.compile(xml, THROUGHPUT);
                OpenVinoEngine twice = OpenVinoEngine.load(core, xml,
                        THROUGHPUT.withRequests(new RequestPoolSize.TimesOptimal(2)));
                OpenVinoEngine three = OpenVinoEngine.load(core, xml,
                        THROUGHPUT.withRequests(new RequestPoolSize.Exactly(3)))) {
            assertEquals(2 * compiled.optimalNumberOfInferRequests(), twice.optimalConcurrency());
            assertEquals(3, three.optimalConcurrency());
            // every request of the pool is in flight at once, and each answers its own input
            List<CompletableFuture<Map<String, Tensor>>> running = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                running.add(three.runAsync(Map.of("input", input(i))));
            }
            for (int i = 0; i < 3; i++) {
                float[] got = running.get(i).get(60, TimeUnit.SECONDS).get("output").toFloatArray();
                assertArrayEquals(new float[] {i + 1f, i + 2.5f, i + 4f, i + 5.5f}, got, "inference " + i);
            }
        }
    }

    @Test
    void profileShowsTheKernelsThatRan() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp),
                CompileOptions.cpu().withProfiling(true))) {
            List<ProfilingInfo> profile = engine.profile(Map.of("input", input(1)));
            assertTrue(profile.stream().anyMatch(p -> p.status() == ProfilingInfo.NodeStatus.EXECUTED
                    && p.execType().endsWith("_f32")), profile.toString());
        }
    }

    @Test
    void absentDeviceFailsLoadWithoutLeaking() throws Exception {
        long before = LiveHandles.count();
        Path xml = TestModels.tinyAdd().writeTo(tmp);
        var e = assertThrows(DeviceNotAvailableException.class, () -> OpenVinoEngine.load(xml, CompileOptions.device("NPU")));
        assertEquals(List.of("CPU"), e.availableDevices());
        assertEquals(before, LiveHandles.count());
    }

    @Test
    void sharedCoreOutlivesTheEngine() throws Exception {
        Path xml = TestModels.tinyAdd().writeTo(tmp);
        try (Core core = Core.create()) {
            try (OpenVinoEngine engine = OpenVinoEngine.load(core, xml, CompileOptions.cpu())) {
                assertEquals(1, engine.optimalConcurrency());
            }
            assertTrue(core.availableDevices().contains("CPU"));
        }
    }
}
