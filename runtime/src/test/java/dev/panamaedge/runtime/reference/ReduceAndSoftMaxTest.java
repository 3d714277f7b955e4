package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamaedge.models.ir.ElementType;
import org.junit.jupiter.api.Test;

final class ReduceAndSoftMaxTest {
    /** [1, 2, 2, 3]: channel 0 holds 1..6, channel 1 holds 10..60. */
    private static final float[] X = {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60};

    private static float[] reduce(String type, boolean keep, long[] out, long... axes) {
        TinyGraph g = new TinyGraph();
        int p = g.parameter("x", ElementType.F32, 1, 2, 2, 3);
        g.result("out", g.op(type, attrs("keep_dims", Boolean.toString(keep)), out, p, g.longs(axes)));
        return TinyGraph.evaluate(g.build(), X);
    }

    @Test
    void reduceMeanOverSpatialAxesKeepingDims() {
        assertArrayEquals(new float[] {3.5f, 35}, reduce("ReduceMean", true, dims(1, 2, 1, 1), 2, 3));
    }

    @Test
    void reduceMeanWithNegativeAxesDroppingDims() {
        assertArrayEquals(new float[] {3.5f, 35}, reduce("ReduceMean", false, dims(1, 2), -1, -2));
    }

    @Test
    void reduceOverANonTrailingAxis() {
        // mean over axis 1 (channels): (1+10)/2, (2+20)/2, ...
        assertArrayEquals(new float[] {5.5f, 11, 16.5f, 22, 27.5f, 33}, reduce("ReduceMean", false, dims(1, 2, 3), 1));
    }

    @Test
    void reduceSumMaxMin() {
        assertArrayEquals(new float[] {21, 210}, reduce("ReduceSum", false, dims(1, 2), 2, 3));
        assertArrayEquals(new float[] {6, 60}, reduce("ReduceMax", false, dims(1, 2), 2, 3));
        assertArrayEquals(new float[] {1, 4, 10, 40}, reduce("ReduceMin", true, dims(1, 2, 2, 1), 3));
    }

    @Test
    void softMaxAlongTheLastAxis() {
        float[] r = TinyGraph.single("SoftMax", attrs("axis", "-1"), new long[][] {{2, 3}}, dims(2, 3),
                new float[] {0, 0, 0, 1, 2, 3});
        float e1 = (float) Math.exp(-2);
        float e2 = (float) Math.exp(-1);
        float s = e1 + e2 + 1;
        assertArrayEquals(new float[] {1 / 3f, 1 / 3f, 1 / 3f, e1 / s, e2 / s, 1 / s}, r, 1e-7f);
    }

    @Test
    void softMaxAlongAnInnerAxisWithHugeLogits() {
        // axis 0 of [2, 2]: columns normalise; 1000 would overflow exp without the max subtraction.
        float[] r = TinyGraph.single("SoftMax", attrs("axis", "0"), new long[][] {{2, 2}}, dims(2, 2),
                new float[] {1000, 0, 1000, 0});
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, r);
        float sum = 0;
        for (float v : r) {
            sum += v;
        }
        assertEquals(2f, sum);
    }
}
