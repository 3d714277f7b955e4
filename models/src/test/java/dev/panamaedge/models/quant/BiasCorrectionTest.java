package dev.panamaedge.models.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The predicted output mean shift against hand-computed sums, and the means it is computed from. */
final class BiasCorrectionTest {

    @Test
    void convolutionShiftSumsWeightsTimesInputMeansPerOutputChannel() {
        // W [O=2, I=2, 1, 1]; input 0's mean moves from 1 to 1.05 under FakeQuantize, input 1's stays 2.
        double[] shift = BiasCorrection.shift("Convolution", false, new long[] {2, 2, 1, 1},
                new double[] {1, 2, 3, 4}, new double[] {1.1, 2, 3, 3.9},
                new ChannelMeans.Means(new double[] {1, 2}, new double[] {1.05, 2}));
        // o=0: (1·1 + 2·2) − (1.1·1.05 + 2·2) = −0.155; o=1: (3·1 + 4·2) − (3·1.05 + 3.9·2) = 0.05
        assertArrayEquals(new double[] {-0.155, 0.05}, shift, 1e-12);
    }

    @Test
    void depthwiseShiftUsesEachChannelsOwnTaps() {
        // W [G=2, 1, 1, 1, 2 taps]: channel 0's second tap rounds from 2 to 2.5.
        double[] shift = BiasCorrection.shift("GroupConvolution", false, new long[] {2, 1, 1, 1, 2},
                new double[] {1, 2, 3, 4}, new double[] {1, 2.5, 3, 4},
                new ChannelMeans.Means(new double[] {2, 3}, new double[] {2, 3}));
        assertArrayEquals(new double[] {-1, 0}, shift, 1e-12);
    }

    @Test
    void matMulShiftFollowsTransposeB() {
        // W [I=2, O=3]; only input 1's mean moves (1 → 0.5).
        var means = new ChannelMeans.Means(new double[] {1, 1}, new double[] {1, 0.5});
        double[] w = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {2, 2.5, 3}, BiasCorrection.shift("MatMul", false, new long[] {2, 3}, w, w, means),
                1e-12);
        // transpose_b: W [O=3, I=2] = {{1, 2}, {3, 4}, {5, 6}}
        assertArrayEquals(new double[] {1, 2, 3}, BiasCorrection.shift("MatMul", true, new long[] {3, 2}, w, w, means),
                1e-12);
    }

    @Test
    void meansOfTheWrongWidthAreNotApplied() {
        assertNull(BiasCorrection.shift("Convolution", false, new long[] {1, 3, 1, 1}, new double[3], new double[3],
                new ChannelMeans.Means(new double[2], new double[2])));
    }

    @Test
    void channelMeansAverageFloatAndFakeQuantizedValuesPerChannel() {
        // Range [0, 2.55] on 256 levels: step 0.01; 0.004 rounds to 0, 0.016 to 0.02, 3 clips to 2.55.
        var means = new ChannelMeans(Map.of("t", new ActivationRange(0f, 2.55f)), Preset.PERFORMANCE);
        means.observe("t", new float[] {0.004f, 0.016f, 3f, 1f}, 2);
        means.observe("t", new float[] {0.004f, 0.016f, 1f, 1f}, 2);
        ChannelMeans.Means m = means.means().get("t");
        assertArrayEquals(new double[] {0.01, 1.5}, m.fp32(), 1e-6);
        assertArrayEquals(new double[] {0.01, (2.55 + 1 + 1 + 1) / 4}, m.quantized(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> means.observe("t", new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> means.observe("u", new float[2], 2));
    }

    @Test
    void fakeQuantizeMatchesTheSpecFormula() {
        assertEquals(0.02f, ChannelMeans.fakeQuantize(0.016f, 0, 2.55f, 255), 1e-7f);
        assertEquals(-1f, ChannelMeans.fakeQuantize(-3f, -1f, 1f, 255));
        assertEquals(1f, ChannelMeans.fakeQuantize(3f, -1f, 1f, 255));
    }

    @Test
    void weightsOnAUniformGridAreFoundAndOthersAreNot() {
        float s = 0.0123f;
        double[] onGrid = {(float) (-37 * s), (float) (5 * s), (float) (6 * s), (float) (127 * s), 0};
        assertEquals(s, Int8Quantizer.gridStep(onGrid), 1e-9);
        assertEquals(0, Int8Quantizer.gridStep(new double[] {0.1, 0.25, 0.3337}));
    }
}
