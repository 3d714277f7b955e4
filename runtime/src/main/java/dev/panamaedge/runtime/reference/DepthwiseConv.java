package dev.panamaedge.runtime.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (GroupConvolution with one input and one output channel per group): every plane is
 * filtered by its own kh×kw kernel. Weights are {@code [planes][kh*kw]}, the layout of the IR's
 * {@code [C, 1, 1, kh, kw]} tensor.
 *
 * <p>Each input plane is first copied into a zero-bordered plane, so the filter loops have no bounds logic:
 * padding taps contribute {@code w·0} like any other tap (the specification's zero padding, literally).
 * The vector path filters a row in vector lanes (the last partial vector masked); a column stride above 1
 * filters the row densely and keeps every stride-th column, more multiply-adds but all in lanes, which
 * beats a strided scalar loop. Both paths accumulate the taps in (ky, kx) order with fused multiply-adds
 * from +0, so they are bit-identical.
 */
final class DepthwiseConv {
    private DepthwiseConv() {
    }

    /** Filters {@code planes} consecutive planes (batch × channels) of {@code in} into {@code out}. */
    static void run(Parallel parallel, boolean vector, ConvGeometry g, int channels, int planes, float[] in,
                    float[] weights, float[] out) {
        long work = (long) g.outPlane() * g.kernelArea();
        int paddedH = paddedHeight(g);
        int paddedW = paddedWidth(g);
        parallel.forRange(planes, work, (from, to) -> {
            float[] padded = new float[paddedH * paddedW]; // per chunk: borders stay zero across planes
            float[] dense = vector && g.strideW() > 1 ? new float[4 * denseWidth(g)] : null;
            for (int plane = from; plane < to; plane++) {
                copyInside(g, in, plane * g.inPlane(), padded, paddedW);
                int wBase = plane % channels * g.kernelArea();
                int outBase = plane * g.outPlane();
                if (vector) {
                    vectorPlane(g, padded, paddedW, weights, wBase, out, outBase, dense);
                } else {
                    scalarPlane(g, padded, paddedW, weights, wBase, out, outBase);
                }
            }
        });
    }

    /** Rows and columns the taps can reach: the input plus padding, or more when windows overhang it. */
    static int paddedHeight(ConvGeometry g) {
        return Math.max(g.inH() + g.padTop() + g.padBottom(),
                (g.outH() - 1) * g.strideH() + (g.kernelH() - 1) * g.dilationH() + 1);
    }

    static int paddedWidth(ConvGeometry g) {
        return Math.max(g.inW() + g.padLeft() + g.padRight(), denseWidth(g) + (g.kernelW() - 1) * g.dilationW());
    }

    private static int denseWidth(ConvGeometry g) {
        return (g.outW() - 1) * g.strideW() + 1;
    }

    /** Copies one input plane into the interior of {@code padded}; the zero border is never written. */
    static void copyInside(ConvGeometry g, float[] in, int inBase, float[] padded, int paddedW) {
        for (int y = 0; y < g.inH(); y++) {
            System.arraycopy(in, inBase + y * g.inW(), padded, (y + g.padTop()) * paddedW + g.padLeft(), g.inW());
        }
    }

    /** The oracle for one plane, reading the zero-bordered copy. */
    static void scalarPlane(ConvGeometry g, float[] padded, int paddedW, float[] w, int wBase, float[] out,
                            int outBase) {
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                float acc = 0f;
                for (int ky = 0; ky < g.kernelH(); ky++) {
                    int row = (oy * g.strideH() + ky * g.dilationH()) * paddedW + ox * g.strideW();
                    for (int kx = 0; kx < g.kernelW(); kx++) {
                        acc = Math.fma(w[wBase + ky * g.kernelW() + kx], padded[row + kx * g.dilationW()], acc);
                    }
                }
                out[outBase + oy * g.outW() + ox] = acc;
            }
        }
    }

    /** Rows are filtered four at a time: four independent fma chains hide the FMA latency. */
    static void vectorPlane(ConvGeometry g, float[] padded, int paddedW, float[] w, int wBase, float[] out,
                            int outBase, float[] dense) {
        boolean strided = g.strideW() > 1;
        float[] dst = strided ? dense : out;
        int width = strided ? denseWidth(g) : g.outW();
        int oy = 0;
        for (; oy + 4 <= g.outH(); oy += 4) {
            int off = strided ? 0 : outBase + oy * g.outW();
            fourRows(g, padded, paddedW, w, wBase, oy, dst, off, width);
            if (strided) {
                for (int r = 0; r < 4; r++) {
                    subsample(g, dense, r * width, out, outBase + (oy + r) * g.outW());
                }
            }
        }
        for (; oy < g.outH(); oy++) {
            int off = strided ? 0 : outBase + oy * g.outW();
            oneRow(g, padded, paddedW, w, wBase, oy, dst, off, width);
            if (strided) {
                subsample(g, dense, 0, out, outBase + oy * g.outW());
            }
        }
    }

    private static void subsample(ConvGeometry g, float[] dense, int from, float[] out, int outRow) {
        for (int ox = 0; ox < g.outW(); ox++) {
            out[outRow + ox] = dense[from + ox * g.strideW()];
        }
    }

    /** Output rows {@code oy..oy+3}, dense columns {@code [0, width)}, into {@code dst} at row pitch {@code width}. */
    private static void fourRows(ConvGeometry g, float[] padded, int paddedW, float[] w, int wBase, int oy,
                                 float[] dst, int dstOff, int width) {
        VectorSpecies<Float> s = Simd.F;
        int kh = g.kernelH();
        int kw = g.kernelW();
        int rowStep = g.strideH() * paddedW;
        int top = oy * rowStep;
        int x = 0;
        for (int end = s.loopBound(width); x < end; x += s.length()) {
            FloatVector a0 = FloatVector.zero(s);
            FloatVector a1 = FloatVector.zero(s);
            FloatVector a2 = FloatVector.zero(s);
            FloatVector a3 = FloatVector.zero(s);
            for (int ky = 0; ky < kh; ky++) {
                int src = top + ky * g.dilationH() * paddedW + x;
                int wRow = wBase + ky * kw;
                for (int kx = 0; kx < kw; kx++) {
                    FloatVector wv = FloatVector.broadcast(s, w[wRow + kx]);
                    int at = src + kx * g.dilationW();
                    a0 = FloatVector.fromArray(s, padded, at).fma(wv, a0);
                    a1 = FloatVector.fromArray(s, padded, at + rowStep).fma(wv, a1);
                    a2 = FloatVector.fromArray(s, padded, at + 2 * rowStep).fma(wv, a2);
                    a3 = FloatVector.fromArray(s, padded, at + 3 * rowStep).fma(wv, a3);
                }
            }
            a0.intoArray(dst, dstOff + x);
            a1.intoArray(dst, dstOff + width + x);
            a2.intoArray(dst, dstOff + 2 * width + x);
            a3.intoArray(dst, dstOff + 3 * width + x);
        }
        if (x < width) { // the last partial vector is masked, not scalar: its lanes run the same fma chain
            VectorMask<Float> m = s.indexInRange(x, width);
            FloatVector a0 = FloatVector.zero(s);
            FloatVector a1 = FloatVector.zero(s);
            FloatVector a2 = FloatVector.zero(s);
            FloatVector a3 = FloatVector.zero(s);
            for (int ky = 0; ky < kh; ky++) {
                int src = top + ky * g.dilationH() * paddedW + x;
                int wRow = wBase + ky * kw;
                for (int kx = 0; kx < kw; kx++) {
                    FloatVector wv = FloatVector.broadcast(s, w[wRow + kx]);
                    int at = src + kx * g.dilationW();
                    a0 = FloatVector.fromArray(s, padded, at, m).fma(wv, a0);
                    a1 = FloatVector.fromArray(s, padded, at + rowStep, m).fma(wv, a1);
                    a2 = FloatVector.fromArray(s, padded, at + 2 * rowStep, m).fma(wv, a2);
                    a3 = FloatVector.fromArray(s, padded, at + 3 * rowStep, m).fma(wv, a3);
                }
            }
            a0.intoArray(dst, dstOff + x, m);
            a1.intoArray(dst, dstOff + width + x, m);
            a2.intoArray(dst, dstOff + 2 * width + x, m);
            a3.intoArray(dst, dstOff + 3 * width + x, m);
        }
    }

    private static void oneRow(ConvGeometry g, float[] padded, int paddedW, float[] w, int wBase, int oy,
                               float[] dst, int dstOff, int width) {
        VectorSpecies<Float> s = Simd.F;
        int kh = g.kernelH();
        int kw = g.kernelW();
        int top = oy * g.strideH() * paddedW;
        for (int x = 0; x < width; x += s.length()) {
            VectorMask<Float> m = s.indexInRange(x, width);
            FloatVector acc = FloatVector.zero(s);
            for (int ky = 0; ky < kh; ky++) {
                int src = top + ky * g.dilationH() * paddedW + x;
                int wRow = wBase + ky * kw;
                for (int kx = 0; kx < kw; kx++) {
                    acc = FloatVector.fromArray(s, padded, src + kx * g.dilationW(), m)
                            .fma(FloatVector.broadcast(s, w[wRow + kx]), acc);
                }
            }
            acc.intoArray(dst, dstOff + x, m);
        }
    }
}
