package dev.panamaedge.runtime.image;

import dev.panamaedge.runtime.VectorSwitch;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hot loops of preprocessing, each as a Vector API kernel with its scalar twin beside it.
 *
 * <p>The twins are bit-identical by construction: every value goes through the same IEEE-754 float
 * operations in the same order, {@code a + (b − a) · w} for both interpolations and {@code (v − mean) / scale}
 * for normalisation, with no fused multiply-add (Java never contracts a separate multiply and add, in scalar
 * code or in vector lanes), and the vector tails run the scalar element code. Integer outputs are clamped first
 * and then rounded half to even by adding and subtracting 1.5·2²³: with the clamp to an integer range the sum
 * lies in [2²³, 2²⁴), where float spacing is 1, so IEEE round-to-nearest-even does the rounding, identically in
 * lanes and scalars. Clamping to integer bounds before rounding equals rounding before clamping.
 *
 * <p>Byte lanes need a byte species as many lanes as the float species: with float vectors under 8 lanes
 * ({@code edge.vector.bits=64/128}) there is none, so widening and byte stores take their scalar twins there.
 */
final class ResizeKernels {
    private static final VectorSpecies<Float> F = VectorSwitch.FLOAT_SPECIES;
    /** Int species of F's shape (constant, or the JIT cannot intrinsify the conversions). */
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    /** Byte species with {@code F.length()} lanes, or null when no such shape exists. */
    private static final VectorSpecies<Byte> B = F.length() >= 8
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * Byte.SIZE)) : null;
    private static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** 1.5·2²³: adding and subtracting it rounds a float in [−2²², 2²²] half to even. */
    private static final float ROUNDING = 12582912f;

    private ResizeKernels() {
    }

    // ---- widen: source bytes to floats (the vector horizontal pass gathers from floats) ----

    /** {@code out[i] = src[from + i] & 0xFF} for {@code i < count}. */
    static void widenVector(byte[] src, int from, int count, float[] out) {
        int i = 0;
        if (B != null) {
            for (int end = B.loopBound(count); i < end; i += B.length()) {
                ByteVector bytes = ByteVector.fromArray(B, src, from + i);
                ((FloatVector) bytes.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0)
                        .convert(VectorOperators.I2F, 0)).intoArray(out, i);
            }
        }
        for (; i < count; i++) {
            out[i] = src[from + i] & 0xFF;
        }
    }

    static void widenScalar(byte[] src, int from, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = src[from + i] & 0xFF;
        }
    }

    // ---- horizontal interpolation of one source row ----

    /** {@code out[j] = a + (b − a) · w[j]} with {@code a = span[left[j]]}, {@code b = span[right[j]]}. */
    static void horizontalVector(float[] span, int[] left, int[] right, float[] w, float[] out, int n) {
        int j = 0;
        for (int end = F.loopBound(n); j < end; j += F.length()) {
            FloatVector a = FloatVector.fromArray(F, span, 0, left, j);
            FloatVector b = FloatVector.fromArray(F, span, 0, right, j);
            b.sub(a).mul(FloatVector.fromArray(F, w, j)).add(a).intoArray(out, j);
        }
        for (; j < n; j++) {
            out[j] = lerp(span[left[j]], span[right[j]], w[j]);
        }
    }

    /** The twin: the same taps read straight from the source bytes starting at {@code base}. */
    static void horizontalScalar(byte[] src, int base, int[] left, int[] right, float[] w, float[] out, int n) {
        for (int j = 0; j < n; j++) {
            out[j] = lerp(src[base + left[j]] & 0xFF, src[base + right[j]] & 0xFF, w[j]);
        }
    }

    // ---- vertical interpolation, normalisation and store ----

    /**
     * For {@code j} in {@code [from, from + count)}: {@code v = top[j] + (bottom[j] − top[j]) · fy}, then
     * {@code (v − mean[j]) / scale[j]} unless {@code identity}, stored as little-endian f32 at
     * {@code dest[offset + 4 · (j − from)]}.
     */
    static void verticalF32Vector(float[] top, float[] bottom, int from, int count, float fy, float[] mean,
                                  float[] scale, boolean identity, MemorySegment dest, long offset) {
        FloatVector weight = FloatVector.broadcast(F, fy);
        int i = 0;
        for (int end = F.loopBound(count); i < end; i += F.length()) {
            int j = from + i;
            FloatVector t = FloatVector.fromArray(F, top, j);
            FloatVector v = FloatVector.fromArray(F, bottom, j).sub(t).mul(weight).add(t);
            if (!identity) {
                v = v.sub(FloatVector.fromArray(F, mean, j)).div(FloatVector.fromArray(F, scale, j));
            }
            v.intoMemorySegment(dest, offset + (long) i * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
        }
        for (; i < count; i++) {
            int j = from + i;
            dest.set(F32_LE, offset + (long) i * Float.BYTES, normalize(top[j], bottom[j], fy, mean[j], scale[j], identity));
        }
    }

    static void verticalF32Scalar(float[] top, float[] bottom, int from, int count, float fy, float[] mean,
                                  float[] scale, boolean identity, MemorySegment dest, long offset) {
        for (int i = 0; i < count; i++) {
            int j = from + i;
            dest.set(F32_LE, offset + (long) i * Float.BYTES, normalize(top[j], bottom[j], fy, mean[j], scale[j], identity));
        }
    }

    /**
     * As {@link #verticalF32Vector}, then clamped to {@code [min, max]}, rounded half to even and stored as one
     * byte at {@code dest[offset + j − from]} (u8: 0..255, i8: −128..127).
     */
    static void verticalBytesVector(float[] top, float[] bottom, int from, int count, float fy, float[] mean,
                                    float[] scale, boolean identity, int min, int max, MemorySegment dest,
                                    long offset) {
        int i = 0;
        if (B != null) {
            FloatVector weight = FloatVector.broadcast(F, fy);
            FloatVector low = FloatVector.broadcast(F, min);
            FloatVector high = FloatVector.broadcast(F, max);
            FloatVector rounding = FloatVector.broadcast(F, ROUNDING);
            for (int end = F.loopBound(count); i < end; i += F.length()) {
                int j = from + i;
                FloatVector t = FloatVector.fromArray(F, top, j);
                FloatVector v = FloatVector.fromArray(F, bottom, j).sub(t).mul(weight).add(t);
                if (!identity) {
                    v = v.sub(FloatVector.fromArray(F, mean, j)).div(FloatVector.fromArray(F, scale, j));
                }
                v = v.max(low).min(high).add(rounding).sub(rounding);
                ((ByteVector) v.convertShape(VectorOperators.F2B, B, 0))
                        .intoMemorySegment(dest, offset + i, ByteOrder.LITTLE_ENDIAN);
            }
        }
        for (; i < count; i++) {
            int j = from + i;
            float v = normalize(top[j], bottom[j], fy, mean[j], scale[j], identity);
            dest.set(ValueLayout.JAVA_BYTE, offset + i, (byte) saturate(v, min, max));
        }
    }

    static void verticalBytesScalar(float[] top, float[] bottom, int from, int count, float fy, float[] mean,
                                    float[] scale, boolean identity, int min, int max, MemorySegment dest,
                                    long offset) {
        for (int i = 0; i < count; i++) {
            int j = from + i;
            float v = normalize(top[j], bottom[j], fy, mean[j], scale[j], identity);
            dest.set(ValueLayout.JAVA_BYTE, offset + i, (byte) saturate(v, min, max));
        }
    }

    // ---- element operations shared by the twins and the vector tails ----

    static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    private static float normalize(float top, float bottom, float fy, float mean, float scale, boolean identity) {
        float v = lerp(top, bottom, fy);
        return identity ? v : (v - mean) / scale;
    }

    /**
     * Clamps to {@code [min, max]} (integers within ±2²²) and rounds half to even; NaN becomes 0, as the
     * {@code (int)} conversion makes it (and the vector lanes' {@code F2B}).
     */
    static int saturate(float v, int min, int max) {
        float clamped = Math.min(max, Math.max(min, v));
        return (int) ((clamped + ROUNDING) - ROUNDING);
    }
}
