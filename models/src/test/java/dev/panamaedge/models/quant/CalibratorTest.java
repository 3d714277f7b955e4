package dev.panamaedge.models.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class CalibratorTest {
    @Test
    void minMaxTakesExtremesOverSamplesAndIncludesZero() {
        Calibrator c = new Calibrator(List.of("a", "b"), RangeMethod.MINMAX, Preset.PERFORMANCE);
        assertEquals(1, c.passes());
        c.observe(0, "a", new float[] {0.5f, 2f});
        c.observe(0, "a", new float[] {-1f, 1f});
        c.observe(0, "b", new float[] {3f, 4f});
        var r = c.ranges();
        assertEquals(new ActivationRange(-1f, 2f), r.get("a"));
        // A strictly positive tensor still gets 0 as its low end: zero padding must be representable.
        assertEquals(new ActivationRange(0f, 4f), r.get("b"));
    }

    @Test
    void meanMinMaxAveragesEachSamplesExtremesAsNncfDoes() {
        Calibrator c = new Calibrator(List.of("a", "b"), RangeMethod.MEAN_MINMAX, Preset.PERFORMANCE);
        assertEquals(1, c.passes());
        c.observe(0, "a", new float[] {0.5f, 2f});
        c.observe(0, "a", new float[] {-1f, 1f});
        c.observe(0, "a", new float[] {-2f, 9f});
        c.observe(0, "b", new float[] {3f, 4f});
        var r = c.ranges();
        // min: (0.5 - 1 - 2) / 3; max: (2 + 1 + 9) / 3; the one sample that reached 9 no longer sets the step.
        assertEquals(new ActivationRange(-2.5f / 3, 4f), r.get("a"));
        assertEquals(new ActivationRange(0f, 4f), r.get("b"));
    }

    @Test
    void percentileClipsARareOutlier() {
        Calibrator c = new Calibrator(List.of("t"), RangeMethod.PERCENTILE, Preset.PERFORMANCE);
        float[] v = uniform(100_000, 6f, 1);
        v[17] = 100f;
        c.observe(0, "t", v);
        c.observe(1, "t", v);
        ActivationRange r = c.ranges().get("t");
        assertEquals(0f, r.low());
        assertTrue(r.high() > 5.9f && r.high() < 6.1f, "high " + r.high());
    }

    @Test
    void mseClipsAnOutlierAndQuantizesTheDataMoreAccuratelyThanMinMax() {
        Random rnd = new Random(3);
        float[] v = new float[200_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        v[0] = 40f;
        Calibrator mse = new Calibrator(List.of("t"), RangeMethod.MSE, Preset.PERFORMANCE);
        mse.observe(0, "t", v);
        mse.observe(1, "t", v);
        ActivationRange r = mse.ranges().get("t");
        assertTrue(r.high() < 30f, "high " + r.high());
        double mseError = quantizationError(v, r);
        double minMaxError = quantizationError(v, new ActivationRange(-40f, 40f));
        assertTrue(mseError < 0.8 * minMaxError, mseError + " vs min/max " + minMaxError);
    }

    private static double quantizationError(float[] v, ActivationRange r) {
        FakeQuantizeParams p = FakeQuantizeParams.activation(r, Preset.PERFORMANCE);
        double sum = 0;
        for (float x : v) {
            float q = FakeQuantize.apply(x, p.low(), p.high(), p.low(), p.high(), p.levels());
            sum += (double) (x - q) * (x - q);
        }
        return sum / v.length;
    }

    @Test
    void unknownTensorsNonFiniteValuesAndMissingPassesAreErrors() {
        Calibrator c = new Calibrator(List.of("t"), RangeMethod.MSE, Preset.PERFORMANCE);
        assertThrows(IllegalArgumentException.class, () -> c.observe(0, "x", new float[1]));
        var e = assertThrows(IllegalArgumentException.class, () -> c.observe(0, "t", new float[] {Float.NaN}));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        c.observe(0, "t", new float[] {1f});
        assertThrows(IllegalStateException.class, c::ranges);
        assertThrows(IllegalArgumentException.class, () -> new Calibrator(List.of(), RangeMethod.MINMAX, Preset.MIXED));
    }

    @Test
    void presetsTurnRangesIntoFakeQuantizeBounds() {
        var unsigned = FakeQuantizeParams.activation(new ActivationRange(0f, 6f), Preset.PERFORMANCE);
        assertEquals(new FakeQuantizeParams(0f, 6f, 256), unsigned);
        var signed = FakeQuantizeParams.activation(new ActivationRange(-2f, 4f), Preset.PERFORMANCE);
        assertEquals(new FakeQuantizeParams(-4f, 4f * 127 / 128, 256), signed);
        var mixed = FakeQuantizeParams.activation(new ActivationRange(-1f, 3f), Preset.MIXED);
        // scale 4/255, zero point round(63.75) = 64: [-64, 191] × 4/255.
        assertEquals(-64f * 4f / 255f, mixed.low(), 1e-6f);
        assertEquals(191f * 4f / 255f, mixed.high(), 1e-6f);
    }

    private static float[] uniform(int n, float max, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextFloat() * max;
        }
        return v;
    }
}
