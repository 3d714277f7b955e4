package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.CompiledModel;
import dev.panamaedge.openvino.Core;
import dev.panamaedge.openvino.PerformanceHint;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Shadow validation metrics, and the native (OpenVINO) engine serving the same model. */
final class ShadowAndNativeTest {

    private static Tensor input(long seed) {
        return Tensor.ofFloats(Shape.of(1, 3, 96, 96), TestModels.input(seed));
    }

    @Test
    void referenceShadowingReferenceAgreesExactlyOnEverySample() throws Exception {
        ModelRegistry registry = TestModels.registry(TestModels.referenceSettings(), 1.0);
        String name;
        try (registry) {
            ServedModel m = registry.resolve("mobilenet", Optional.empty());
            name = m.inputs().getFirst().name();
            for (int i = 0; i < 3; i++) {
                m.infer(Map.of(name, input(50 + i)));
            }
        }
        String text = registry.metrics().render();
        assertTrue(text.contains("edge_shadow_runs_total{model=\"mobilenet\",version=\"1\"} 3"), text);
        assertTrue(text.contains("edge_shadow_agreements_total{model=\"mobilenet\",version=\"1\"} 3"), text);
        assertTrue(text.contains("edge_shadow_abs_logit_delta_bucket{model=\"mobilenet\",version=\"1\",le=\"0.001\"} 3"), text);
    }

    @Test
    void everyFourthRequestIsShadowedAtRateOneQuarter() throws Exception {
        ModelRegistry registry = TestModels.registry(TestModels.referenceSettings(), 0.25);
        try (registry) {
            ServedModel m = registry.resolve("mobilenet", Optional.empty());
            for (int i = 0; i < 8; i++) {
                m.infer(Map.of(m.inputs().getFirst().name(), input(60 + i)));
            }
        }
        assertTrue(registry.metrics().render().contains("edge_shadow_runs_total{model=\"mobilenet\",version=\"1\"} 2"));
    }

    @Test
    void nativeEngineServesWithAPoolAndAgreesWithTheReference() throws Exception {
        ModelSettings nativeSettings = ModelSettings.defaults().withQueue(16, 0);
        ModelRegistry registry = TestModels.registry(nativeSettings, 1.0);
        float[] want = TestModels.expected(TestModels.input(70));
        try (registry) {
            ServedModel m = registry.resolve("mobilenet", Optional.empty());
            assertEquals("native", m.engineName());
            float[] got = m.infer(Map.of(m.inputs().getFirst().name(), input(70)))
                    .get(m.outputs().getFirst().name()).toFloatArray();
            double maxAbs = 0;
            double maxDelta = 0;
            for (int i = 0; i < want.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(want[i]));
                maxDelta = Math.max(maxDelta, Math.abs(want[i] - got[i]));
            }
            assertTrue(maxDelta <= 1e-3 * Math.max(1, maxAbs), "max |Δ| " + maxDelta + " for max |logit| " + maxAbs);
        }
        String text = registry.metrics().render();
        assertTrue(text.contains("edge_shadow_runs_total{model=\"mobilenet\",version=\"1\"} 1"), text);
        assertTrue(text.contains("edge_shadow_agreements_total{model=\"mobilenet\",version=\"1\"} 1"), text);
    }

    @Test
    void nativePoolIsTwiceOpenVinosOptimalNumberUnlessConcurrencyIsSet() throws Exception {
        int optimal;
        try (Core core = Core.create();
                CompiledModel compiled = core.compile(TestModels.mobilenetXml(), CompileOptions.cpu()
                        .withHint(PerformanceHint.THROUGHPUT).withExtra("INFERENCE_PRECISION_HINT", "f32"))) {
            optimal = compiled.optimalNumberOfInferRequests();
        }
        try (ModelRegistry registry = TestModels.registry(ModelSettings.defaults().withQueue(16, 0), 0)) {
            ServedModel m = registry.resolve("mobilenet", Optional.empty());
            assertEquals(2 * optimal, m.queue().concurrency());
            assertEquals(2 * optimal, m.engineConcurrency(), "the engine's pool matches the queue");
        }
        try (ModelRegistry registry = TestModels.registry(ModelSettings.defaults().withQueue(16, 3), 0)) {
            ServedModel m = registry.resolve("mobilenet", Optional.empty());
            assertEquals(3, m.queue().concurrency());
            assertEquals(3, m.engineConcurrency());
        }
    }
}
