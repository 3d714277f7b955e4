package dev.panamaedge.server;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A model on the reference engine computes on its caller's thread. Served, its inferences must not hold the
 * request threads' carriers, or one inference per carrier would stop all of the server's I/O.
 */
final class ServedModelCarrierTest {

    /** Stands in for the reference engine's compute, which runs on its caller's thread. */
    private record SpinningEngine(BusyCarriers carriers) implements Engine {
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
            carriers.spin();
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void referenceInferencesOnEveryCarrierLeaveTheCarriersFree() throws Exception {
        BusyCarriers carriers = new BusyCarriers();
        ServedModel model = new ServedModel("spinning", "1", new SpinningEngine(carriers), ModelCard.tensorsOnly(),
                TestModels.referenceSettings().withQueue(0, BusyCarriers.count()), Optional.empty(), new Metrics());
        carriers.assertFreeWhileEachRuns(() -> model.infer(Map.of()));
        model.retire(1000);
    }
}
