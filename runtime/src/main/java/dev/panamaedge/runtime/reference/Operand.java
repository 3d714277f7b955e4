package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;

/**
 * What an op sees of one input while it is being planned: shape, element type and, when the value is known
 * at load time (a {@code Const} or a folded subgraph), its data.
 *
 * <p>Values of every element type travel as floats: integer activations are small integers (u8/i8 grids,
 * shape vectors) that f32 holds exactly. {@code constant} is null for values computed at run time.
 */
record Operand(long[] shape, ElementType type, float[] constant) {

    static Operand runtime(long[] shape, ElementType type) {
        return new Operand(shape, type, null);
    }

    static Operand constant(long[] shape, ElementType type, float[] data) {
        return new Operand(shape, type, data);
    }

    boolean isConstant() {
        return constant != null;
    }

    int rank() {
        return shape.length;
    }

    int count() {
        return Dims.count(shape);
    }

    /** The constant's values as integers (shape vectors, axes, permutations). */
    long[] longs() {
        long[] out = new long[constant.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) constant[i];
        }
        return out;
    }
}
