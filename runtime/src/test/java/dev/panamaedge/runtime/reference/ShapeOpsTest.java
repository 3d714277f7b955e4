package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import org.junit.jupiter.api.Test;

/** Reshape-1, Squeeze-1, Unsqueeze-1, Transpose-1, Concat-1 and ShapeOf-3. */
final class ShapeOpsTest {
    private static final float[] SIX = {1, 2, 3, 4, 5, 6};

    private static float[] withConstant(String type, String[] attrs, long[] in, long[] out, long[] constant,
                                        float[] x) {
        TinyGraph g = new TinyGraph();
        int p = g.parameter("x", ElementType.F32, in);
        g.result("out", g.op(type, attrs, out, p, g.longs(constant)));
        return TinyGraph.evaluate(g.build(), x);
    }

    @Test
    void reshapeInfersMinusOneAndCopiesZeroWithSpecialZero() {
        assertArrayEquals(SIX, withConstant("Reshape", attrs("special_zero", "true"), dims(1, 2, 3), dims(1, 3, 2),
                dims(0, -1, 2), SIX));
    }

    @Test
    void reshapeWithoutSpecialZeroTakesZeroLiterally() {
        TinyGraph g = new TinyGraph();
        int p = g.parameter("x", ElementType.F32, 1, 2, 3);
        g.result("out", g.op("Reshape", attrs("special_zero", "false"), dims(0, 6), p, g.longs(0, -1)));
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(g.build()));
        assertTrue(e.getMessage().contains("cannot infer -1"), e.getMessage());
    }

    @Test
    void squeezeRemovesListedOrAllUnitAxes() {
        assertArrayEquals(SIX, withConstant("Squeeze", attrs(), dims(1, 6, 1), dims(1, 6), dims(-1), SIX));
        assertArrayEquals(SIX, TinyGraph.single("Squeeze", attrs(), new long[][] {{1, 6, 1}}, dims(6), SIX));
    }

    @Test
    void squeezeOfANonUnitAxisFails() {
        TinyGraph g = new TinyGraph();
        int p = g.parameter("x", ElementType.F32, 2, 3);
        g.result("out", g.op("Squeeze", attrs(), dims(3), p, g.longs(0)));
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(g.build()));
        assertTrue(e.getMessage().contains("is not 1"), e.getMessage());
    }

    @Test
    void unsqueezeInsertsAxesCountedOnTheOutput() {
        assertArrayEquals(SIX, withConstant("Unsqueeze", attrs(), dims(2, 3), dims(1, 2, 3, 1), dims(0, -1), SIX));
    }

    @Test
    void transposePermutesDims() {
        // [2, 3] → [3, 2]
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, withConstant("Transpose", attrs(), dims(2, 3), dims(3, 2),
                dims(1, 0), SIX));
    }

    @Test
    void transposeNhwcToNchw() {
        // [1, 2, 2, 3] NHWC → [1, 3, 2, 2] NCHW: channel c collects every third value.
        float[] x = new float[12];
        for (int i = 0; i < 12; i++) {
            x[i] = i;
        }
        assertArrayEquals(new float[] {0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11}, withConstant("Transpose", attrs(),
                dims(1, 2, 2, 3), dims(1, 3, 2, 2), dims(0, 3, 1, 2), x));
    }

    @Test
    void transposeWithEmptyOrderReverses() {
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, withConstant("Transpose", attrs(), dims(2, 3), dims(3, 2),
                dims(), SIX));
    }

    @Test
    void concatJoinsAlongAnAxis() {
        float[] r = TinyGraph.single("Concat", attrs("axis", "1"), new long[][] {{2, 1}, {2, 2}}, dims(2, 3),
                new float[] {1, 2}, new float[] {10, 11, 20, 21});
        assertArrayEquals(new float[] {1, 10, 11, 2, 20, 21}, r);
    }

    @Test
    void shapeOfFoldsIntoAReshapeTarget() {
        // Reshape x [6] to the shape of y [2, 3], computed at load through ShapeOf.
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 6);
        int y = g.parameter("y", ElementType.F32, 2, 3);
        int shape = g.op("ShapeOf", "shape", ElementType.I64, attrs("output_type", "i64"), dims(2), y);
        g.result("out", g.op("Reshape", attrs("special_zero", "false"), dims(2, 3), x, shape));
        assertArrayEquals(SIX, TinyGraph.evaluate(g.build(), SIX, new float[6]));
    }
}
