package dev.panamaedge.runtime.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner loops of the element-wise binary ops over one broadcast run: {@code out[i] = a[ai + i·as] ∘ b[bi + i·bs]}
 * with each step 0 (a broadcast value) or 1. The vector path covers the ops the Vector API computes with the
 * same IEEE operation as Java's scalar operator (so both paths are bit-identical); Power and
 * SquaredDifference stay scalar.
 */
final class BinaryKernels {

    /** The arithmetic of each op type; integer semantics apply only where noted. */
    enum Kind {
        ADD, SUBTRACT, MULTIPLY, DIVIDE, FLOOR_DIVIDE, TRUNCATE_DIVIDE, MAXIMUM, MINIMUM, POWER, SQUARED_DIFFERENCE
    }

    private BinaryKernels() {
    }

    static void apply(Kind kind, boolean vector, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out,
                      int oi, int len) {
        if (len <= 0) {
            return;
        }
        int done = vector ? vectorPrefix(kind, a, ai, as, b, bi, bs, out, oi, len) : 0;
        scalar(kind, a, ai + done * as, as, b, bi + done * bs, bs, out, oi + done, len - done);
    }

    static void scalar(Kind kind, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int len) {
        for (int i = 0; i < len; i++) {
            out[oi + i] = scalar(kind, a[ai + i * as], b[bi + i * bs]);
        }
    }

    static float scalar(Kind kind, float x, float y) {
        return switch (kind) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> x / y;
            // Divide-1 on integer types with python division: the quotient rounds toward -inf.
            case FLOOR_DIVIDE -> (float) Math.floor((double) x / y);
            // Divide-1 on integer types with m_pythondiv=false: C++ integer division truncates. Division by
            // zero is undefined there; here it yields 0 rather than an ArithmeticException mid-run.
            case TRUNCATE_DIVIDE -> (long) y == 0 ? 0f : (float) ((long) x / (long) y);
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case POWER -> (float) Math.pow(x, y);
            case SQUARED_DIFFERENCE -> (x - y) * (x - y);
        };
    }

    /** Computes the whole-vector prefix and returns how many elements it covered. */
    private static int vectorPrefix(Kind kind, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out,
                                    int oi, int len) {
        VectorSpecies<Float> s = Simd.F;
        int bound = s.loopBound(len);
        FloatVector ca = FloatVector.broadcast(s, a[ai]);
        FloatVector cb = FloatVector.broadcast(s, b[bi]);
        int i = 0;
        switch (kind) {
            case ADD -> {
                for (; i < bound; i += s.length()) {
                    load(s, a, ai, as, i, ca).add(load(s, b, bi, bs, i, cb)).intoArray(out, oi + i);
                }
            }
            case SUBTRACT -> {
                for (; i < bound; i += s.length()) {
                    load(s, a, ai, as, i, ca).sub(load(s, b, bi, bs, i, cb)).intoArray(out, oi + i);
                }
            }
            case MULTIPLY -> {
                for (; i < bound; i += s.length()) {
                    load(s, a, ai, as, i, ca).mul(load(s, b, bi, bs, i, cb)).intoArray(out, oi + i);
                }
            }
            case DIVIDE -> {
                for (; i < bound; i += s.length()) {
                    load(s, a, ai, as, i, ca).div(load(s, b, bi, bs, i, cb)).intoArray(out, oi + i);
                }
            }
            case MAXIMUM -> {
                for (; i < bound; i += s.length()) {
                    load(s, a, ai, as, i, ca).max(load(s, b, bi, bs, i, cb)).intoArray(out, oi + i);
                }
            }
            case MINIMUM -> {
                for (; i < bound; i += s.length()) {
                    load(s, a, ai, as, i, ca).min(load(s, b, bi, bs, i, cb)).intoArray(out, oi + i);
                }
            }
            case FLOOR_DIVIDE, TRUNCATE_DIVIDE, POWER, SQUARED_DIFFERENCE -> {
                // scalar only: no lane operation with the same rounding as the scalar expression
            }
        }
        return i;
    }

    private static FloatVector load(VectorSpecies<Float> s, float[] x, int base, int step, int i, FloatVector fixed) {
        return step == 0 ? fixed : FloatVector.fromArray(s, x, base + i);
    }
}
