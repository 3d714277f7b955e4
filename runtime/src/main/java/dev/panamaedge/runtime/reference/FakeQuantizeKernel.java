package dev.panamaedge.runtime.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FakeQuantize-1 element arithmetic, exactly as the op specification and OpenVINO's reference
 * implementation define it, in f32:
 *
 * <pre>
 * x &lt;= min(il, ih)  → ol
 * x &gt;  max(il, ih)  → oh
 * otherwise         → nearbyint((x - il) / (ih - il) * (levels - 1)) / (levels - 1) * (oh - ol) + ol
 * </pre>
 *
 * {@code nearbyint} in the default rounding mode rounds half to even ({@link Math#rint}). The Vector API has no
 * lane-wise rint, so the vector path rounds with the classic {@code (|q| + 2^23) - 2^23} trick, exact for
 * {@code |q| < 2^23} (larger floats are already integers) and sign-restored bit-wise so -0.0 survives. Every
 * other step is the same IEEE operation in the same order, so the paths are bit-identical.
 */
final class FakeQuantizeKernel {
    private static final float TWO_23 = 8388608f;

    private FakeQuantizeKernel() {
    }

    static float quantize(float x, float il, float ih, float ol, float oh, float levelsMinusOne) {
        if (x <= Math.min(il, ih)) {
            return ol;
        }
        if (x > Math.max(il, ih)) {
            return oh;
        }
        return (float) Math.rint((x - il) / (ih - il) * levelsMinusOne) / levelsMinusOne * (oh - ol) + ol;
    }

    /**
     * One broadcast run: {@code x} walks with the output; each range input has its own start and step (0/1).
     */
    static void apply(boolean vector, float levelsMinusOne, float[] x, int xi, float[][] ranges, int[] start,
                      int[] step, float[] out, int oi, int len) {
        int i = vector ? vectorPrefix(levelsMinusOne, x, xi, ranges, start, step, out, oi, len) : 0;
        for (; i < len; i++) {
            out[oi + i] = quantize(x[xi + i], ranges[0][start[0] + i * step[0]], ranges[1][start[1] + i * step[1]],
                    ranges[2][start[2] + i * step[2]], ranges[3][start[3] + i * step[3]], levelsMinusOne);
        }
    }

    private static int vectorPrefix(float levelsMinusOne, float[] x, int xi, float[][] ranges, int[] start,
                                    int[] step, float[] out, int oi, int len) {
        VectorSpecies<Float> s = Simd.F;
        int bound = s.loopBound(len);
        if (bound == 0) {
            return 0;
        }
        FloatVector lm1 = FloatVector.broadcast(s, levelsMinusOne);
        FloatVector il0 = FloatVector.broadcast(s, ranges[0][start[0]]);
        FloatVector ih0 = FloatVector.broadcast(s, ranges[1][start[1]]);
        FloatVector ol0 = FloatVector.broadcast(s, ranges[2][start[2]]);
        FloatVector oh0 = FloatVector.broadcast(s, ranges[3][start[3]]);
        for (int i = 0; i < bound; i += s.length()) {
            FloatVector v = FloatVector.fromArray(s, x, xi + i);
            FloatVector il = load(s, ranges[0], start[0], step[0], i, il0);
            FloatVector ih = load(s, ranges[1], start[1], step[1], i, ih0);
            FloatVector ol = load(s, ranges[2], start[2], step[2], i, ol0);
            FloatVector oh = load(s, ranges[3], start[3], step[3], i, oh0);
            FloatVector q = v.sub(il).div(ih.sub(il)).mul(lm1);
            FloatVector y = rint(s, q).div(lm1).mul(oh.sub(ol)).add(ol);
            VectorMask<Float> below = v.compare(VectorOperators.LE, il.min(ih));
            VectorMask<Float> above = v.compare(VectorOperators.GT, il.max(ih));
            y.blend(ol, below).blend(oh, above.andNot(below)).intoArray(out, oi + i);
        }
        return bound;
    }

    /** Round half to even, lane-wise; matches {@link Math#rint} for every float including -0.0 and NaN. */
    static FloatVector rint(VectorSpecies<Float> s, FloatVector q) {
        FloatVector magnitude = q.abs();
        FloatVector rounded = magnitude.add(TWO_23).sub(TWO_23);
        rounded = rounded.blend(magnitude, magnitude.compare(VectorOperators.GE, TWO_23)
                .or(magnitude.test(VectorOperators.IS_NAN)));
        IntVector sign = q.reinterpretAsInts().and(Integer.MIN_VALUE);
        return rounded.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    private static FloatVector load(VectorSpecies<Float> s, float[] a, int base, int step, int i, FloatVector fixed) {
        return step == 0 ? fixed : FloatVector.fromArray(s, a, base + i);
    }
}
