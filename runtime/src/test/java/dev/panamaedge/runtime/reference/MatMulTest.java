package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.panamaedge.models.ir.ElementType;
import org.junit.jupiter.api.Test;

/** MatMul-1. A = [[1, 2, 3], [4, 5, 6]]; B = [[1, 0], [0, 1], [1, 1]]; A·B = [[4, 5], [10, 11]]. */
final class MatMulTest {
    private static final float[] A = {1, 2, 3, 4, 5, 6};
    private static final float[] B = {1, 0, 0, 1, 1, 1};
    private static final float[] BT = {1, 0, 1, 0, 1, 1};
    private static final float[] AT = {1, 4, 2, 5, 3, 6};
    private static final float[] AB = {4, 5, 10, 11};

    private static String[] transpose(boolean a, boolean b) {
        return attrs("transpose_a", Boolean.toString(a), "transpose_b", Boolean.toString(b));
    }

    @Test
    void plainProduct() {
        assertArrayEquals(AB, TinyGraph.single("MatMul", transpose(false, false), new long[][] {{2, 3}, {3, 2}},
                dims(2, 2), A, B));
    }

    @Test
    void constantTransposedWeightsAsInALinearLayer() {
        TinyGraph g = new TinyGraph();
        int a = g.parameter("a", ElementType.F32, 2, 3);
        int w = g.constant(ElementType.F32, dims(2, 3), BT);
        g.result("out", g.op("MatMul", transpose(false, true), dims(2, 2), a, w));
        assertArrayEquals(AB, TinyGraph.evaluate(g.build(), A));
    }

    @Test
    void runtimeTransposesOfBothOperands() {
        assertArrayEquals(AB, TinyGraph.single("MatMul", transpose(true, true), new long[][] {{3, 2}, {2, 3}},
                dims(2, 2), AT, BT));
    }

    @Test
    void batchDimsBroadcast() {
        // A [2, 1, 3] (second batch = A's row 2 doubled) · B [3, 2] shared.
        float[] r = TinyGraph.single("MatMul", transpose(false, false), new long[][] {{2, 1, 3}, {3, 2}},
                dims(2, 1, 2), new float[] {1, 2, 3, 8, 10, 12}, B);
        assertArrayEquals(new float[] {4, 5, 20, 22}, r);
    }

    @Test
    void vectorOperandsDropTheirAddedDims() {
        // [3] · [3, 2] = [2]; [2, 3] · [3] = [2]
        assertArrayEquals(new float[] {4, 5}, TinyGraph.single("MatMul", transpose(false, false),
                new long[][] {{3}, {3, 2}}, dims(2), new float[] {1, 2, 3}, B));
        assertArrayEquals(new float[] {6, 15}, TinyGraph.single("MatMul", transpose(false, false),
                new long[][] {{2, 3}, {3}}, dims(2), A, new float[] {1, 1, 1}));
    }
}
