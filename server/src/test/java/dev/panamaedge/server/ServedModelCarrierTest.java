package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A model on the reference engine computes on its caller's thread. Served, its inferences must not hold the
 * request threads' carriers, or one inference per carrier would stop all of the server's I/O.
 */
final class ServedModelCarrierTest {

    /** Stands in for the reference engine's compute: it keeps its thread busy, without parking, until released. */
    private static final class SpinningEngine implements Engine {
        final AtomicBoolean release = new AtomicBoolean();
        final AtomicInteger spinning = new AtomicInteger();

        @Override
        public String name() {
            return "reference";
        }

        @Override
        public List<TensorSpec> inputs() {
            return List.of();
        }

        @Override
        public List<TensorSpec> outputs() {
            return List.of();
        }

        @Override
        public Map<String, Tensor> run(Map<String, Tensor> inputs) {
            ComputeThreadsTest.spinUntil(release, spinning);
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void referenceInferencesOnEveryCarrierLeaveTheCarriersFree() throws Exception {
        int carriers = ComputeThreadsTest.carriers();
        SpinningEngine engine = new SpinningEngine();
        ServedModel model = new ServedModel("spinning", "1", engine, ModelCard.tensorsOnly(),
                TestModels.referenceSettings().withQueue(0, carriers), Optional.empty(), new Metrics());
        List<Thread> requests = new ArrayList<>();
        try {
            for (int i = 0; i < carriers; i++) {
                requests.add(Thread.ofVirtual().start(() -> {
                    try {
                        model.infer(Map.of());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            ComputeThreadsTest.awaitAtLeast(engine.spinning,
                    Math.min(carriers, Runtime.getRuntime().availableProcessors()));
            CountDownLatch ran = new CountDownLatch(1);
            Thread.ofVirtual().start(ran::countDown);
            assertTrue(ran.await(30, TimeUnit.SECONDS), "a virtual thread found no free carrier");
        } finally {
            engine.release.set(true);
        }
        for (Thread t : requests) {
            assertTrue(t.join(Duration.ofSeconds(30)));
        }
        model.retire(1000);
    }
}
