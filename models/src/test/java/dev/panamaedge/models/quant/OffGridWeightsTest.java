package dev.panamaedge.models.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.Layer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretrained coral weights moved off their u8 grid: each within half a step, none left on the grid. */
final class OffGridWeightsTest {
    @TempDir
    static Path tmp;
    static IrModel quantized;
    static IrModel fp32;

    @BeforeAll
    static void dequantizeCoral() throws Exception {
        quantized = IrReader.read(CoralIr.convert(tmp, "mobilenet_v2_1.0_224_quant.tflite"));
        fp32 = Dequantizer.toFloat(quantized).model();
    }

    @AfterAll
    static void close() {
        fp32.close();
        quantized.close();
    }

    /** The weight tensor of every weighted layer, in plan order. */
    private static List<ConstantTensor> weights(IrModel m) {
        GraphEditor g = new GraphEditor(m);
        Dequantizer.foldConstants(g);
        return QuantizationPlan.of(g, java.util.Set.of()).weightedLayers().stream()
                .map(id -> ConstantFolder.convert(g.constant(g.producer(id, 1).id()),
                        dev.panamaedge.models.ir.ElementType.F32)).toList();
    }

    @Test
    void everyWeightMovesByLessThanHalfItsStepAndNoTensorStaysOnAGrid() {
        OffGridWeights.Result r = OffGridWeights.move(fp32, 1);
        try (IrModel moved = r.model()) {
            assertEquals(53, r.moved());
            assertEquals(0, r.offGrid());
            List<ConstantTensor> before = weights(fp32);
            List<ConstantTensor> after = weights(moved);
            assertEquals(before.size(), after.size());
            long total = 0;
            long counted = 0;
            double largestShare = 0;
            double meanAbsShare = 0;
            for (int t = 0; t < before.size(); t++) {
                ConstantTensor a = before.get(t);
                ConstantTensor b = after.get(t);
                assertArrayEquals(a.dims(), b.dims());
                double[] steps = OffGridWeights.steps(a);
                int per = a.size() / steps.length;
                for (int i = 0; i < a.size(); i++) {
                    // f32 rounding of the moved weight may add an ulp to the half step.
                    total++;
                    double step = steps[i / per];
                    if (step == 0) { // an all-zero channel stays zero
                        assertEquals(0, b.values()[i]);
                        continue;
                    }
                    double share = Math.abs(b.values()[i] - a.values()[i]) / step;
                    largestShare = Math.max(largestShare, share);
                    meanAbsShare += share;
                    counted++;
                }
                assertEquals(0, Int8Quantizer.gridStep(b.values()), "tensor " + t + " is still on a grid");
                double[] grid = OffGridWeights.gridSteps(a);
                for (int c = 0; c < steps.length; c++) {
                    assertTrue(steps[c] >= 0 && steps[c] <= grid[c], "channel " + c + " of tensor " + t);
                }
            }
            meanAbsShare /= counted;
            assertTrue(largestShare <= 0.5 + 1e-4, "moved by " + largestShare + " steps");
            // Uniform in [-1/2, 1/2): the mean distance is a quarter step.
            assertEquals(0.25, meanAbsShare, 0.005);
            assertEquals(total, r.weights());
        }
    }

    @Test
    void theSameSeedMovesTheSameWayAndAnotherSeedDoesNot() {
        try (IrModel a = OffGridWeights.move(fp32, 7).model(); IrModel b = OffGridWeights.move(fp32, 7).model();
             IrModel c = OffGridWeights.move(fp32, 8).model()) {
            List<ConstantTensor> wa = weights(a);
            List<ConstantTensor> wb = weights(b);
            List<ConstantTensor> wc = weights(c);
            for (int t = 0; t < wa.size(); t++) {
                assertArrayEquals(wa.get(t).values(), wb.get(t).values());
            }
            assertTrue(!java.util.Arrays.equals(wa.getFirst().values(), wc.getFirst().values()));
        }
    }

    @Test
    void biasesAndActivationsAreLeftAlone() {
        try (IrModel moved = OffGridWeights.move(fp32, 1).model()) {
            assertEquals(fp32.layers().stream().map(Layer::type).sorted().toList(),
                    moved.layers().stream().map(Layer::type).sorted().toList());
        }
    }
}
