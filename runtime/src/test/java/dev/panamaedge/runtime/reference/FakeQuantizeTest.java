package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamaedge.models.ir.ElementType;
import org.junit.jupiter.api.Test;

/**
 * FakeQuantize-1 against hand-computed values. Expected values follow the specification:
 * {@code x <= min(il, ih) → ol; x > max(il, ih) → oh; else rint((x - il) / (ih - il) * (levels - 1)) /
 * (levels - 1) * (oh - ol) + ol}, rint rounding half to even.
 */
final class FakeQuantizeTest {

    /** FakeQuantize of a [n] parameter with scalar ranges. */
    private static float[] fq(int levels, float il, float ih, float ol, float oh, float... x) {
        TinyGraph g = new TinyGraph();
        int in = g.parameter("x", ElementType.F32, x.length);
        long[] one = dims(1);
        int fq = g.op("FakeQuantize", attrs("levels", Integer.toString(levels), "auto_broadcast", "numpy"),
                dims(x.length), in, g.constant(ElementType.F32, one, il), g.constant(ElementType.F32, one, ih),
                g.constant(ElementType.F32, one, ol), g.constant(ElementType.F32, one, oh));
        g.result("out", fq);
        return TinyGraph.evaluate(g.build(), x);
    }

    @Test
    void valuesAtOrBelowLowTakeOutputLow() {
        assertArrayEquals(new float[] {-1, -1, -1}, fq(256, 0, 255, -1, 1, -1000, -0.001f, 0));
    }

    @Test
    void valuesAboveHighTakeOutputHigh() {
        assertArrayEquals(new float[] {7, 7}, fq(256, 0, 255, 0, 7, 255.001f, 1e9f));
    }

    @Test
    void gridMidpointsRoundHalfToEven() {
        // On [0, 255] with 256 levels the grid step is 1, so x.5 is exactly a midpoint. The tolerance only
        // absorbs the f32 rounding of q / 255 * 255; neighbouring grid points are 1 apart.
        assertArrayEquals(new float[] {0, 2, 2, 4, 254, 100, 1},
                fq(256, 0, 255, 0, 255, 0.5f, 1.5f, 2.5f, 3.5f, 254.5f, 100.5f, 0.5000001f), 1e-4f);
    }

    @Test
    void fewLevelsMapOntoTheOutputRange() {
        // levels 3 on [-1, 1]: q = (x + 1) / 2 * 2 = x + 1, rounded, then q / 2 * 2 - 1.
        assertArrayEquals(new float[] {-1, -1, 0, 0, 1, 1, 0},
                fq(3, -1, 1, -1, 1, -0.75f, -0.5f, -0.49f, 0.25f, 0.5f, 0.75f, 0f));
    }

    @Test
    void outputRangeRescalesTheGrid() {
        // levels 256 over input [0, 2.55] (step 0.01) onto output [-128, 127]: x = 0.5 is step 50 → -128 + 50.
        float[] r = fq(256, 0, 2.55f, -128, 127, 0.5f, 2.55f, 0.004f, 0.006f);
        assertArrayEquals(new float[] {-78, 127, -128, -127}, r, 1e-4f); // within f32 rounding of the grid
    }

    @Test
    void invertedInputRangeUsesMinAndMaxForTheClipping() {
        // il > ih: clipping uses min/max, the interior formula still divides by (ih - il).
        // x = 0.25 on il = 1, ih = 0, 3 levels: (0.25 - 1) / (0 - 1) * 2 = 1.5 → 2 → 2 / 2 * (1 - 0) + 0 = 1.
        assertArrayEquals(new float[] {0, 1, 1}, fq(3, 1, 0, 0, 1, -5, 0.25f, 5));
    }

    @Test
    void perChannelRangesBroadcastOverTheSpatialDims() {
        TinyGraph g = new TinyGraph();
        int in = g.parameter("x", ElementType.F32, 1, 2, 1, 3);
        long[] perChannel = dims(1, 2, 1, 1);
        int il = g.constant(ElementType.F32, perChannel, 0, -1);
        int ih = g.constant(ElementType.F32, perChannel, 10, 1);
        int ol = g.constant(ElementType.F32, perChannel, 0, -1);
        int oh = g.constant(ElementType.F32, perChannel, 10, 1);
        g.result("out", g.op("FakeQuantize", attrs("levels", "11"), dims(1, 2, 1, 3), in, il, ih, ol, oh));
        // Channel 0: step 1 on [0, 10]; channel 1: step 0.2 on [-1, 1].
        float[] r = TinyGraph.evaluate(g.build(), new float[] {2.4f, 2.6f, 11, 0.09f, 0.11f, -3});
        assertArrayEquals(new float[] {2, 3, 10, 0, 0.2f, -1}, r, 1e-6f);
    }

    @Test
    void scalarKernelMatchesTheSpecFormulaLiterally() {
        float lm1 = 255;
        float x = 0.37f;
        float il = -0.2f;
        float ih = 1.3f;
        float ol = -1f;
        float oh = 2f;
        float expected = (float) Math.rint((x - il) / (ih - il) * lm1) / lm1 * (oh - ol) + ol;
        assertEquals(expected, FakeQuantizeKernel.quantize(x, il, ih, ol, oh, lm1));
    }
}
