package dev.panamaedge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Tensor#rows} and {@link Tensor#concatRows}: a request's rows of a batch, and a batch from its parts. */
final class TensorRowsTest {

    @Test
    void rowsAreViewsOfTheirPartOfTheBatch() {
        float[] values = new float[4 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Tensor batch = Tensor.ofFloats(Shape.of(4, 3), values);
        Tensor middle = batch.rows(1, 2);
        assertEquals(Shape.of(2, 3), middle.shape());
        assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8}, middle.toFloatArray());
        assertEquals(Shape.of(0, 3), batch.rows(4, 0).shape());
        batch.data().set(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 3 * Float.BYTES, 42f);
        assertEquals(42f, middle.toFloatArray()[0], "a view, not a copy");
    }

    @Test
    void rowsOutsideTheBatchOrOfAScalarAreRefused() {
        Tensor batch = Tensor.ofFloats(Shape.of(2, 2), new float[4]);
        assertThrows(IllegalArgumentException.class, () -> batch.rows(1, 2));
        assertThrows(IllegalArgumentException.class, () -> batch.rows(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(Shape.of(), 1f).rows(0, 1));
    }

    @Test
    void concatRowsJoinsPartsInOrderOnTheHeapOrInAnArena() {
        Tensor a = Tensor.ofFloats(Shape.of(1, 2), 1f, 2f);
        Tensor b = Tensor.ofFloats(Shape.of(2, 2), 3f, 4f, 5f, 6f);
        Tensor heap = Tensor.concatRows(java.util.List.of(a, b));
        assertEquals(Shape.of(3, 2), heap.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, heap.toFloatArray());
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            Tensor inArena = Tensor.concatRows(java.util.List.of(b, a), arena);
            assertEquals(true, inArena.data().isNative());
            assertArrayEquals(new float[] {3, 4, 5, 6, 1, 2}, inArena.toFloatArray());
        }
        assertThrows(IllegalArgumentException.class, () -> Tensor.concatRows(java.util.List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.concatRows(java.util.List.of(a, Tensor.ofFloats(Shape.of(1, 3), 1f, 2f, 3f))));
        assertThrows(IllegalArgumentException.class, () -> Tensor.concatRows(java.util.List.of(a,
                Tensor.ofBytes(dev.panamaedge.models.ir.ElementType.U8, Shape.of(1, 8), new byte[8]))));
    }
}
