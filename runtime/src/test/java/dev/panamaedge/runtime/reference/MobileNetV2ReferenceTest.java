package dev.panamaedge.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.mobilenet.MobileNetV2;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The project's seeded MobileNetV2 (α 0.35, 96 px) runs end to end and behaves like a classifier. */
final class MobileNetV2ReferenceTest {

    @Test
    void seededMobileNetGivesFiniteSpreadLogitsThatDependOnTheInput() {
        try (ReferenceEngine e = ReferenceEngine.load(MobileNetV2.build(new MobileNetV2Spec(0.35, 96, 1000), 42))) {
            TensorSpec in = e.inputs().get(0);
            assertEquals(new TensorSpec("input", ElementType.F32, new long[] {1, 3, 96, 96}), in);
            assertEquals(List.of(new TensorSpec("logits", ElementType.F32, new long[] {1, 1000})), e.outputs());
            Set<Integer> tops = new HashSet<>();
            for (int seed = 0; seed < 4; seed++) {
                Random r = new Random(seed);
                float[] x = new float[3 * 96 * 96];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextGaussian(); // already normalised: mean 0, std 1 per channel
                }
                float[] logits = e.run(Map.of("input", Tensor.ofFloats(Shape.of(1, 3, 96, 96), x))).get("logits")
                        .toFloatArray();
                double mean = 0;
                int top = 0;
                for (int i = 0; i < logits.length; i++) {
                    assertTrue(Float.isFinite(logits[i]), "logit " + i + " = " + logits[i]);
                    mean += logits[i];
                    top = logits[i] > logits[top] ? i : top;
                }
                mean /= logits.length;
                double var = 0;
                for (float v : logits) {
                    var += (v - mean) * (v - mean);
                }
                double std = Math.sqrt(var / logits.length);
                assertTrue(std > 0.5 && std < 50, "seed " + seed + ": logit std " + std);
                tops.add(top);
            }
            assertTrue(tops.size() > 1, "every input got top-1 " + tops);
        }
    }
}
