package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferRequestTest {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;

    @TempDir
    Path tmp;
    private Core core;
    private CompiledModel addModel;
    private InferRequest request;

    @BeforeEach
    void compile() throws Exception {
        core = Core.create();
        addModel = core.compile(TestModels.tinyAdd().writeTo(tmp), CompileOptions.cpu().withProfiling(true));
        request = addModel.createInferRequest();
    }

    @AfterEach
    void closeCore() {
        core.close();
    }

    private static Tensor floats(float... values) {
        Tensor t = Tensor.allocate(ElementType.F32, 1, values.length);
        MemorySegment.copy(values, 0, t.data(), F32, 0, values.length);
        return t;
    }

    private static float[] read(Tensor t) {
        return t.data().toArray(F32);
    }

    @Test
    void inferAddsTheBiasFromTheBinFile() {
        try (Tensor input = floats(10f, -20f, 0.5f, 0f)) {
            request.setInput(0, input);
            request.infer();
            try (Tensor out = request.output(0)) {
                assertArrayEquals(new float[] {11f, -18f, 3.5f, 4f}, read(out));
                assertArrayEquals(new long[] {1, 4}, out.shape());
                assertEquals(ElementType.F32, out.elementType());
            }
        }
    }

    @Test
    void copyOutputReturnsTheResultOnTheHeapAndLeavesNoHandle() {
        try (Tensor input = floats(10f, -20f, 0.5f, 0f)) {
            request.setInput(0, input);
            request.infer();
            long handlesBefore = LiveHandles.count();
            OutputCopy out = request.copyOutput(0);
            assertEquals(handlesBefore, LiveHandles.count());
            assertArrayEquals(new float[] {11f, -18f, 3.5f, 4f}, out.data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED));
            assertArrayEquals(new long[] {1, 4}, out.shape());
            assertEquals(ElementType.F32, out.elementType());
            assertThrows(IllegalArgumentException.class, () -> request.copyOutput(1));
            request.close();
            assertThrows(IllegalStateException.class, () -> request.copyOutput(0));
        }
    }

    @Test
    void theNextInferenceClosesTheLastOutputs() {
        try (Tensor input = floats(1f, 2f, 3f, 4f)) {
            request.setInput(0, input);
            request.infer();
            Tensor first = request.output(0);
            request.infer();
            var e = assertThrows(IllegalStateException.class, first::data);
            assertEquals("Tensor is closed", e.getMessage());
            try (Tensor second = request.output(0)) {
                assertArrayEquals(new float[] {2f, 4f, 6f, 8f}, read(second));
            }
        }
    }

    @Test
    void inputsAndOutputsAreAddressableByName() {
        try (Tensor input = floats(1f, 1f, 1f, 1f)) {
            request.setInput("input", input);
            request.infer();
            try (Tensor out = request.output("output")) {
                assertArrayEquals(new float[] {2f, 3f, 4f, 5f}, read(out));
            }
        }
    }

    @Test
    void unknownNamesAndIndicesListThePorts() {
        try (Tensor input = floats(1f, 1f, 1f, 1f)) {
            var e = assertThrows(IllegalArgumentException.class, () -> request.setInput("image", input));
            assertEquals("no input named 'image'; inputs are [input]", e.getMessage());
            var e2 = assertThrows(IllegalArgumentException.class, () -> request.setInput(1, input));
            assertEquals("input index 1 is out of range; inputs are [input:f32[1, 4]]", e2.getMessage());
            assertThrows(IllegalArgumentException.class, () -> request.output("input"));
        }
    }

    @Test
    void wrongShapeIsOpenVinosError() {
        try (Tensor input = Tensor.allocate(ElementType.F32, 1, 5)) {
            var e = assertThrows(OpenVinoException.class, () -> request.setInput(0, input));
            assertEquals("ov_infer_request_set_input_tensor_by_index", e.function());
        }
    }

    @Test
    void startAsyncCompletesThroughTheCallback() throws Exception {
        try (Tensor input = floats(0f, 0f, 0f, 1f)) {
            request.setInput(0, input);
            for (int round = 0; round < 20; round++) {
                MemorySegment.copy(new float[] {round, round, round, round}, 0, input.data(), F32, 0, 4);
                CompletableFuture<Void> done = request.startAsync();
                done.get(30, TimeUnit.SECONDS);
                try (Tensor out = request.output(0)) {
                    assertArrayEquals(new float[] {round + 1f, round + 2f, round + 3f, round + 4f}, read(out));
                }
            }
        }
    }

    @Test
    void waitForReportsCompletion() {
        try (Tensor input = floats(1f, 2f, 3f, 4f)) {
            request.setInput(0, input);
            assertTrue(request.waitFor(Duration.ZERO), "nothing in flight");
            CompletableFuture<Void> done = request.startAsync();
            assertTrue(request.waitFor(Duration.ofSeconds(30)));
            assertTrue(done.isDone() || request.waitFor(Duration.ZERO));
            done.join();
            try (Tensor out = request.output(0)) {
                assertArrayEquals(new float[] {2f, 4f, 6f, 8f}, read(out));
            }
        }
    }

    @Test
    void busyRequestRejectsASecondStartAndSyncCalls() {
        try (Tensor input = floats(1f, 2f, 3f, 4f)) {
            request.setInput(0, input);
            CompletableFuture<Void> done = request.startAsync();
            // Either the first inference is still in flight (busy) or it already finished; both are valid.
            try {
                request.startAsync().join();
            } catch (IllegalStateException e) {
                assertEquals("InferRequest is busy: an asynchronous inference is in flight", e.getMessage());
            }
            done.join();
            request.waitFor(Duration.ofSeconds(30));
            request.infer();
        }
    }

    @Test
    void cancelOnAnIdleRequestIsHarmless() {
        try (Tensor input = floats(1f, 2f, 3f, 4f)) {
            request.setInput(0, input);
            request.cancel();
            request.infer();
            try (Tensor out = request.output(0)) {
                assertArrayEquals(new float[] {2f, 4f, 6f, 8f}, read(out));
            }
        }
    }

    @Test
    void failedInferenceCarriesOpenVinosText() throws Exception {
        try (CompiledModel pairs = core.compile(TestModels.tinyPairs().writeTo(tmp), CompileOptions.cpu());
                InferRequest pairsRequest = pairs.createInferRequest();
                Tensor odd = Tensor.allocate(ElementType.F32, 3)) {
            pairsRequest.setInput(0, odd);
            var e = assertThrows(OpenVinoException.class, pairsRequest::infer);
            assertEquals("ov_infer_request_infer", e.function());
            assertEquals(Status.GENERAL_ERROR, e.status());
            assertTrue(e.detail().contains("pairs"), e.detail());
        }
    }

    @Test
    void closeWaitsForAnInferenceInFlight() throws Exception {
        try (Tensor input = floats(1f, 2f, 3f, 4f)) {
            request.setInput(0, input);
            CompletableFuture<Void> done = request.startAsync();
            request.close();
            assertTrue(done.isDone(), "close returned before the inference finished");
            done.get();
        }
    }

    @Test
    void zeroCopyInputSeesWritesMadeAfterWrapping() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(4 * Float.BYTES, 64);
            try (Tensor input = Tensor.wrap(ElementType.F32, new long[] {1, 4}, memory)) {
                assertTrue(input.isWrapped());
                assertEquals(memory.address(), input.data().address());
                request.setInput(0, input);
                MemorySegment.copy(new float[] {5f, 6f, 7f, 8f}, 0, memory, F32, 0, 4);
                request.infer();
                try (Tensor out = request.output(0)) {
                    assertArrayEquals(new float[] {6f, 8f, 10f, 12f}, read(out));
                }
                memory.set(F32, 0, 100f);
                request.infer();
                try (Tensor out = request.output(0)) {
                    assertArrayEquals(new float[] {101f, 8f, 10f, 12f}, read(out));
                }
            }
        }
    }

    @Test
    void heapSegmentsCannotBeWrapped() {
        MemorySegment heap = MemorySegment.ofArray(new float[4]);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(ElementType.F32, new long[] {1, 4}, heap));
        assertTrue(e.getMessage().startsWith("Tensor.wrap needs native memory"), e.getMessage());
    }

    @Test
    void wrappingChecksTheSize() {
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.wrap(ElementType.F32, new long[] {1, 4}, arena.allocate(15)));
            assertEquals("tensor f32[1, 4] needs 16 bytes, segment has 15", e.getMessage());
        }
    }

    @Test
    void allocateRejectsNegativeDimensions() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(ElementType.F32, 1, -4));
        assertEquals("shape [1, -4] has a negative dimension", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(ElementType.UNDEFINED, 1));
    }

    @Test
    void profilingListsExecutedNodesWithKernels() {
        try (Tensor input = floats(1f, 2f, 3f, 4f)) {
            request.setInput(0, input);
            request.infer();
            List<ProfilingInfo> profile = request.profilingInfo();
            assertFalse(profile.isEmpty());
            assertTrue(profile.stream().anyMatch(p -> p.status() == ProfilingInfo.NodeStatus.EXECUTED), profile.toString());
            assertTrue(profile.stream().allMatch(p -> !p.execType().isEmpty() && !p.nodeName().isEmpty()),
                    profile.toString());
            assertTrue(profile.stream().anyMatch(p -> p.nodeName().equals("add") || p.nodeType().equals("Eltwise")
                    || p.nodeType().equals("Subgraph")), profile.toString());
        }
    }

    @Test
    void profilingWithoutPerfCountReportsNothingExecuted() throws Exception {
        try (CompiledModel plain = core.compile(TestModels.tinyRelu().writeTo(tmp), CompileOptions.cpu());
                InferRequest plainRequest = plain.createInferRequest();
                Tensor input = floats(1f, 2f, 3f, 4f)) {
            plainRequest.setInput(0, input);
            plainRequest.infer();
            List<ProfilingInfo> profile = plainRequest.profilingInfo();
            assertTrue(profile.stream().noneMatch(p -> p.status() == ProfilingInfo.NodeStatus.EXECUTED), profile.toString());
            assertTrue(profile.stream().allMatch(p -> p.realTime().isZero()), profile.toString());
        }
    }

    @Test
    void failedAsyncInferenceCompletesExceptionally() throws Exception {
        try (CompiledModel pairs = core.compile(TestModels.tinyPairs().writeTo(tmp), CompileOptions.cpu());
                InferRequest pairsRequest = pairs.createInferRequest();
                Tensor odd = Tensor.allocate(ElementType.F32, 5);
                Tensor even = Tensor.allocate(ElementType.F32, 6)) {
            pairsRequest.setInput(0, odd);
            CompletableFuture<Void> done = pairsRequest.startAsync();
            var e = assertThrows(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS));
            var cause = assertInstanceOf(OpenVinoException.class, e.getCause());
            assertEquals("ov_infer_request_wait", cause.function());
            assertEquals(Status.GENERAL_ERROR, cause.status());
            // The request is usable again after a failed inference.
            pairsRequest.setInput(0, even);
            pairsRequest.startAsync().get(30, TimeUnit.SECONDS);
            try (Tensor out = pairsRequest.output(0)) {
                assertArrayEquals(new long[] {3, 2}, out.shape());
            }
        }
    }
}
