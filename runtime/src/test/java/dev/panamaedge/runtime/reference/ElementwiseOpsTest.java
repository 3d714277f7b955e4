package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import org.junit.jupiter.api.Test;

final class ElementwiseOpsTest {
    private static final String[] NUMPY = attrs("auto_broadcast", "numpy");

    private static float[] binary(String type, long[] a, long[] b, long[] out, float[] x, float[] y) {
        return TinyGraph.single(type, NUMPY, new long[][] {a, b}, out, x, y);
    }

    @Test
    void addBroadcastsAPerChannelBias() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8}; // [1, 2, 2, 2]
        float[] bias = {10, 100};              // [1, 2, 1, 1]
        assertArrayEquals(new float[] {11, 12, 13, 14, 105, 106, 107, 108},
                binary("Add", dims(1, 2, 2, 2), dims(1, 2, 1, 1), dims(1, 2, 2, 2), x, bias));
    }

    @Test
    void subtractBroadcastsRowAgainstColumn() {
        // [2, 1] - [1, 3] = [2, 3]
        assertArrayEquals(new float[] {9, 8, 7, 19, 18, 17},
                binary("Subtract", dims(2, 1), dims(1, 3), dims(2, 3), new float[] {10, 20}, new float[] {1, 2, 3}));
    }

    @Test
    void multiplyByAScalarOfLowerRank() {
        assertArrayEquals(new float[] {0.5f, -1f, 1.5f},
                binary("Multiply", dims(3), dims(), dims(3), new float[] {1, -2, 3}, new float[] {0.5f}));
    }

    @Test
    void divideFollowsIeeeForZeroDivisors() {
        float[] r = binary("Divide", dims(3), dims(3), dims(3), new float[] {1, -1, 6}, new float[] {0, 0, 4});
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1.5f}, r);
    }

    @Test
    void maximumMinimumPowerAndSquaredDifference() {
        float[] a = {1, 5, -2};
        float[] b = {3, 2, 2};
        assertArrayEquals(new float[] {3, 5, 2}, binary("Maximum", dims(3), dims(3), dims(3), a, b));
        assertArrayEquals(new float[] {1, 2, -2}, binary("Minimum", dims(3), dims(3), dims(3), a, b));
        assertArrayEquals(new float[] {1, 25, 4}, binary("Power", dims(3), dims(3), dims(3), a, b));
        assertArrayEquals(new float[] {4, 9, 16}, binary("SquaredDifference", dims(3), dims(3), dims(3), a, b));
    }

    @Test
    void longBroadcastRunsCoverTheVectorBodyAndTail() {
        int c = 3;
        int hw = 37; // not a multiple of any vector width
        float[] x = new float[c * hw];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] r = binary("Add", dims(1, c, hw), dims(c, 1), dims(1, c, hw), x, new float[] {0, 1000, 2000});
        for (int i = 0; i < x.length; i++) {
            assertEquals(i + 1000f * (i / hw), r[i], "element " + i);
        }
    }

    @Test
    void incompatibleShapesFailAtLoad() {
        TinyGraph g = new TinyGraph();
        int a = g.parameter("a", ElementType.F32, 2, 3);
        int b = g.parameter("b", ElementType.F32, 4);
        g.result("out", g.op("Add", NUMPY, dims(2, 3), a, b));
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(g.build()));
        assertTrue(e.getMessage().contains("[2, 3] and [4] do not broadcast"), e.getMessage());
    }

    @Test
    void clampBoundsBothSidesAndKeepsNaN() {
        float[] r = TinyGraph.single("Clamp", attrs("min", "0", "max", "6"), new long[][] {{5}}, dims(5),
                new float[] {-1, 0.5f, 6, 7.25f, Float.NaN});
        assertArrayEquals(new float[] {0, 0.5f, 6, 6, Float.NaN}, r);
    }

    @Test
    void reluSigmoidExpAbsNegativeSqrt() {
        long[][] in = {{4}};
        float[] x = {-2, 0, 1, 4};
        assertArrayEquals(new float[] {0, 0, 1, 4}, TinyGraph.single("Relu", attrs(), in, dims(4), x));
        assertArrayEquals(new float[] {0.11920292f, 0.5f, 0.7310586f, 0.98201376f},
                TinyGraph.single("Sigmoid", attrs(), in, dims(4), x), 1e-7f);
        assertArrayEquals(new float[] {0.13533528f, 1, 2.7182817f, 54.59815f},
                TinyGraph.single("Exp", attrs(), in, dims(4), x), 1e-5f);
        assertArrayEquals(new float[] {2, 0, 1, 4}, TinyGraph.single("Abs", attrs(), in, dims(4), x));
        assertArrayEquals(new float[] {2, -0f, -1, -4}, TinyGraph.single("Negative", attrs(), in, dims(4), x));
        assertArrayEquals(new float[] {2, 3}, TinyGraph.single("Sqrt", attrs(), new long[][] {{2}}, dims(2),
                new float[] {4, 9}));
    }
}
