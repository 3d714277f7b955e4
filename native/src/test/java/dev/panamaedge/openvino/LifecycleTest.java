package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every handle type: use after close throws, double close is harmless, parents close children. */
class LifecycleTest {
    @TempDir
    Path tmp;
    private Path xml;

    @BeforeEach
    void writeModel() throws Exception {
        xml = TestModels.tinyAdd().writeTo(tmp);
    }

    private static void assertClosed(String type, Executable call) {
        var e = assertThrows(IllegalStateException.class, call);
        assertEquals(type + " is closed", e.getMessage());
    }

    @Test
    void closedCoreRejectsEveryCall() {
        Core core = Core.create();
        core.close();
        core.close();
        assertClosed("Core", core::availableDevices);
        assertClosed("Core", () -> core.property("CPU", "FULL_DEVICE_NAME"));
        assertClosed("Core", () -> core.readModel(xml));
        assertClosed("Core", () -> core.readModel(TestModels.tinyRelu().xmlBytes(), MemorySegment.NULL));
        assertClosed("Core", () -> core.compile(xml, CompileOptions.cpu()));
    }

    @Test
    void closedModelRejectsEveryCall() {
        try (Core core = Core.create()) {
            Model model = core.readModel(xml);
            model.close();
            model.close();
            assertClosed("Model", model::inputs);
            assertClosed("Model", model::outputs);
            assertClosed("Model", model::name);
            assertClosed("Model", () -> model.reshape(2, 4));
            assertClosed("Model", () -> model.withInputPreprocessing(ElementType.U8, "NC", "NC"));
            assertClosed("Model", () -> core.compile(model, CompileOptions.cpu()));
        }
    }

    @Test
    void closedCompiledModelRejectsEveryCall() {
        try (Core core = Core.create()) {
            CompiledModel compiled = core.compile(xml, CompileOptions.cpu());
            compiled.close();
            compiled.close();
            assertClosed("CompiledModel", compiled::createInferRequest);
            assertClosed("CompiledModel", compiled::optimalNumberOfInferRequests);
            assertClosed("CompiledModel", () -> compiled.property("NUM_STREAMS"));
            assertClosed("CompiledModel", compiled::inputs);
        }
    }

    @Test
    void closedInferRequestRejectsEveryCall() {
        try (Core core = Core.create(); CompiledModel compiled = core.compile(xml, CompileOptions.cpu());
                Tensor input = Tensor.allocate(ElementType.F32, 1, 4)) {
            InferRequest request = compiled.createInferRequest();
            request.close();
            request.close();
            assertClosed("InferRequest", request::infer);
            assertClosed("InferRequest", request::startAsync);
            assertClosed("InferRequest", () -> request.setInput(0, input));
            assertClosed("InferRequest", () -> request.setInputMemory(0, ElementType.F32, new long[] {1, 4},
                    Arena.ofAuto().allocate(16)));
            assertClosed("InferRequest", () -> request.copyOutput(0));
            assertClosed("InferRequest", () -> request.output(0));
            assertClosed("InferRequest", request::profilingInfo);
            assertClosed("InferRequest", request::cancel);
            assertClosed("InferRequest", () -> request.waitFor(Duration.ZERO));
        }
    }

    @Test
    void closedTensorRejectsEveryCall() {
        Tensor tensor = Tensor.allocate(ElementType.F32, 1, 4);
        MemorySegment data = tensor.data();
        tensor.close();
        tensor.close();
        assertClosed("Tensor", tensor::data);
        assertClosed("Tensor", tensor::shape);
        assertClosed("Tensor", tensor::elementType);
        // The borrowed segment died with the tensor: reading it fails instead of touching freed memory.
        assertThrows(IllegalStateException.class, () -> data.get(ValueLayout.JAVA_FLOAT, 0));
    }

    @Test
    void closedTensorCannotBeSetAsInput() {
        try (Core core = Core.create(); CompiledModel compiled = core.compile(xml, CompileOptions.cpu());
                InferRequest request = compiled.createInferRequest()) {
            Tensor tensor = Tensor.allocate(ElementType.F32, 1, 4);
            tensor.close();
            assertClosed("Tensor", () -> request.setInput(0, tensor));
        }
    }

    @Test
    void inputClosedAfterSettingStopsTheNextInference() {
        try (Core core = Core.create(); CompiledModel compiled = core.compile(xml, CompileOptions.cpu());
                InferRequest request = compiled.createInferRequest()) {
            Tensor tensor = Tensor.allocate(ElementType.F32, 1, 4);
            request.setInput(0, tensor);
            tensor.close();
            var e = assertThrows(IllegalStateException.class, request::infer);
            assertEquals("input 0 (input) was closed; set a new tensor before inferring", e.getMessage());
        }
    }

    @Test
    void wrappedMemoryFreedAfterSettingStopsTheNextInference() {
        try (Core core = Core.create(); CompiledModel compiled = core.compile(xml, CompileOptions.cpu());
                InferRequest request = compiled.createInferRequest()) {
            Arena arena = Arena.ofShared();
            try (Tensor tensor = Tensor.wrap(ElementType.F32, new long[] {1, 4}, arena.allocate(16))) {
                request.setInput(0, tensor);
                arena.close();
                var e = assertThrows(IllegalStateException.class, request::infer);
                assertEquals("input 0 (input) wraps memory whose arena is closed", e.getMessage());
            }
        }
    }

    @Test
    void closingTheCoreClosesEverythingBelowIt() {
        long before = LiveHandles.count();
        Core core = Core.create();
        Model model = core.readModel(xml);
        CompiledModel compiled = core.compile(model, CompileOptions.cpu());
        InferRequest request = compiled.createInferRequest();
        Tensor input = Tensor.allocate(ElementType.F32, 1, 4);
        request.setInput(0, input);
        request.infer();
        Tensor output = request.output(0);
        core.close();
        assertClosed("Model", model::inputs);
        assertClosed("CompiledModel", compiled::createInferRequest);
        assertClosed("InferRequest", request::infer);
        assertClosed("Tensor", output::data);
        // Tensors the caller allocated are not the core's children.
        assertEquals(4 * Float.BYTES, input.byteSize());
        input.close();
        assertEquals(before, LiveHandles.count());
    }

    @Test
    void closingACompiledModelClosesItsRequestsOnly() {
        try (Core core = Core.create()) {
            Model model = core.readModel(xml);
            CompiledModel compiled = core.compile(model, CompileOptions.cpu());
            InferRequest request = compiled.createInferRequest();
            compiled.close();
            assertClosed("InferRequest", request::infer);
            assertEquals(1, model.inputs().size(), "the model outlives what was compiled from it");
        }
    }

    @Test
    void closeFromInsideACallIsRefusedInsteadOfDeadlocking() {
        Arena arena = Arena.ofShared();
        Lifetime life = new Lifetime("Thing", arena);
        var e = assertThrows(IllegalStateException.class, () -> life.run(() -> life.close(() -> { })));
        assertEquals("Thing cannot be closed from inside one of its own calls", e.getMessage());
        assertTrue(life.close(() -> { }));
        assertTrue(!arena.scope().isAlive());
    }

    @Test
    void closeWhileAnotherThreadInfersWaitsForTheCallThenRejectsTheNext() throws Exception {
        try (Core core = Core.create(); CompiledModel compiled = core.compile(xml, CompileOptions.cpu());
                Tensor input = Tensor.allocate(ElementType.F32, 1, 4)) {
            InferRequest request = compiled.createInferRequest();
            request.setInput(0, input);
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<Integer> worker = CompletableFuture.supplyAsync(() -> {
                int done = 0;
                try {
                    while (true) {
                        request.infer();
                        done++;
                        running.countDown();
                    }
                } catch (IllegalStateException e) {
                    assertEquals("InferRequest is closed", e.getMessage());
                    return done;
                }
            });
            assertTrue(running.await(30, TimeUnit.SECONDS));
            request.close();
            assertTrue(worker.get(30, TimeUnit.SECONDS) >= 1);
        }
    }

    @Test
    void loadUnloadLoopLeavesNoLiveHandles() {
        for (int i = 0; i < 25; i++) {
            try (Core core = Core.create()) {
                Model model = core.readModel(xml);
                CompiledModel compiled = core.compile(model, CompileOptions.cpu());
                model.close();
                InferRequest request = compiled.createInferRequest();
                try (Tensor input = Tensor.allocate(ElementType.F32, 1, 4); Arena lent = Arena.ofConfined()) {
                    request.setInput(0, input);
                    request.infer();
                    request.output(0);
                    request.startAsync().join();
                    request.setInputMemory(0, ElementType.F32, new long[] {1, 4}, lent.allocate(16));
                    request.infer();
                    request.copyOutput(0);
                }
            }
        }
        assertEquals(0, LiveHandles.count());
    }
}
