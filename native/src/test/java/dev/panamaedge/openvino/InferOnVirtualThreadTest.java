package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.Shape;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InferRequest#infer()} on a virtual thread parks until OpenVINO's completion callback wakes it, instead
 * of holding its carrier in a blocking native call: same results, same errors, the request reusable after both.
 */
class InferOnVirtualThreadTest {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;

    @TempDir
    Path tmp;
    private Core core;
    private CompiledModel addModel;

    @BeforeEach
    void compile() throws Exception {
        core = Core.create();
        addModel = core.compile(TestModels.tinyAdd().writeTo(tmp), CompileOptions.cpu());
    }

    @AfterEach
    void closeCore() {
        core.close();
    }

    /** Runs {@code body} on a new virtual thread and returns its result, rethrowing what it threw. */
    private static <T> T onVirtualThread(Callable<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Test
    void inferOnAVirtualThreadGivesTheResultAndFreesTheRequest() throws Exception {
        try (InferRequest request = addModel.createInferRequest();
                Tensor input = Tensor.allocate(ElementType.F32, 1, 4)) {
            request.setInput(0, input);
            for (int i = 0; i < 50; i++) {
                float x = i;
                float[] out = onVirtualThread(() -> {
                    MemorySegment.copy(new float[] {x, -x, 0.5f, 0f}, 0, input.data(), F32, 0, 4);
                    request.infer();
                    return request.copyOutput(0).data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
                });
                assertArrayEquals(new float[] {x + 1, -x + 2, 3.5f, 4f}, out, "inference " + i);
            }
            assertEquals("InferRequest", request.toString(), "the request is idle again");
        }
    }

    @Test
    void failedInferenceOnAVirtualThreadCarriesOpenVinosTextAndTheRequestRecovers() throws Exception {
        try (CompiledModel pairs = core.compile(TestModels.tinyPairs().writeTo(tmp), CompileOptions.cpu());
                InferRequest request = pairs.createInferRequest();
                Tensor odd = Tensor.allocate(ElementType.F32, 5);
                Tensor even = Tensor.allocate(ElementType.F32, 6)) {
            request.setInput(0, odd);
            Exception e = assertThrows(Exception.class,
                    () -> onVirtualThread(() -> {
                        request.infer();
                        return null;
                    }));
            OpenVinoException failure = assertInstanceOf(OpenVinoException.class, e);
            assertEquals(Status.GENERAL_ERROR, failure.status());
            assertTrue(failure.detail().contains("pairs"), failure.detail());
            request.setInput(0, even);
            long[] shape = onVirtualThread(() -> {
                request.infer();
                return request.copyOutput(0).shape();
            });
            assertArrayEquals(new long[] {3, 2}, shape);
        }
    }

    /**
     * The calling virtual thread is seen parked (WAITING) while its inference runs; a blocking native call would
     * leave it RUNNABLE throughout. Bounded by the number of inferences, not by time.
     */
    @Test
    void theCallerParksWhileOpenVinoWorks() throws Exception {
        try (InferRequest request = addModel.createInferRequest();
                Tensor input = Tensor.allocate(ElementType.F32, 1, 4)) {
            request.setInput(0, input);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        request.infer();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            boolean sawParked = false;
            while (caller.isAlive() && !sawParked) {
                sawParked = caller.getState() == Thread.State.WAITING;
            }
            caller.join();
            assertNull(failure.get());
            assertTrue(sawParked, "the virtual thread was never parked during 2000 inferences");
        }
    }

    @Test
    void engineRunOnManyVirtualThreadsSharesThePool() throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(TestModels.tinyAdd().writeTo(tmp),
                CompileOptions.cpu())) {
            List<CompletableFuture<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                float x = t;
                CompletableFuture<float[]> r = new CompletableFuture<>();
                results.add(r);
                Thread.ofVirtual().start(() -> {
                    try {
                        float[] last = null;
                        for (int i = 0; i < 20; i++) {
                            var in = dev.panamaedge.runtime.Tensor.wrap(ElementType.F32, Shape.of(1, 4),
                                    MemorySegment.ofArray(new float[] {x, x, x, x}));
                            Map<String, dev.panamaedge.runtime.Tensor> out = engine.run(
                                    Map.of(engine.inputs().getFirst().name(), in));
                            last = out.values().iterator().next().data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
                        }
                        r.complete(last);
                    } catch (Throwable e) {
                        r.completeExceptionally(e);
                    }
                });
            }
            for (int t = 0; t < results.size(); t++) {
                assertArrayEquals(new float[] {t + 1, t + 2, t + 3, t + 4}, results.get(t).get(60, TimeUnit.SECONDS),
                        "thread " + t);
            }
        }
    }
}
