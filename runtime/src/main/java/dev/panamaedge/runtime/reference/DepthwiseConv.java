package dev.panamaedge.runtime.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (GroupConvolution with one input and one output channel per group): every plane is
 * filtered by its own kh×kw kernel. Weights are {@code [planes][kh*kw]}, the layout of the IR's
 * {@code [C, 1, 1, kh, kw]} tensor.
 *
 * <p>The vector path covers output columns whose every tap lies inside the input row and the column stride
 * is 1; borders and strided columns use the scalar element. Both accumulate taps in (ky, kx) order with
 * fused multiply-adds from +0 and skip padding taps, so the two paths are bit-identical.
 */
final class DepthwiseConv {
    private DepthwiseConv() {
    }

    /** Filters {@code planes} consecutive planes (batch × channels) of {@code in} into {@code out}. */
    static void run(Parallel parallel, boolean vector, ConvGeometry g, int channels, int planes, float[] in,
                    float[] weights, float[] out) {
        long work = (long) g.outPlane() * g.kernelArea();
        parallel.forRange(planes, work, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int c = plane % channels;
                int inBase = plane * g.inPlane();
                int wBase = c * g.kernelArea();
                int outBase = plane * g.outPlane();
                if (vector && g.strideW() == 1) {
                    vectorPlane(g, in, inBase, weights, wBase, out, outBase);
                } else {
                    scalarPlane(g, in, inBase, weights, wBase, out, outBase);
                }
            }
        });
    }

    /** The oracle for one plane. */
    static void scalarPlane(ConvGeometry g, float[] in, int inBase, float[] w, int wBase, float[] out, int outBase) {
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                out[outBase + oy * g.outW() + ox] = element(g, in, inBase, w, wBase, oy, ox);
            }
        }
    }

    static float element(ConvGeometry g, float[] in, int inBase, float[] w, int wBase, int oy, int ox) {
        float acc = 0f;
        for (int ky = 0; ky < g.kernelH(); ky++) {
            int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
            if (iy < 0 || iy >= g.inH()) {
                continue;
            }
            int row = inBase + iy * g.inW();
            for (int kx = 0; kx < g.kernelW(); kx++) {
                int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                if (ix >= 0 && ix < g.inW()) {
                    acc = Math.fma(w[wBase + ky * g.kernelW() + kx], in[row + ix], acc);
                }
            }
        }
        return acc;
    }

    /** Stride-1 columns only ({@code g.strideW() == 1}). */
    static void vectorPlane(ConvGeometry g, float[] in, int inBase, float[] w, int wBase, float[] out, int outBase) {
        VectorSpecies<Float> s = Simd.F;
        int lanes = s.length();
        int kw = g.kernelW();
        int reach = (kw - 1) * g.dilationW();
        // Columns whose taps all fall inside the row: ox - padLeft >= 0 and ox - padLeft + reach < inW.
        int lo = Math.min(g.outW(), g.padLeft());
        int hi = Math.max(lo, Math.min(g.outW(), g.inW() + g.padLeft() - reach));
        for (int oy = 0; oy < g.outH(); oy++) {
            int outRow = outBase + oy * g.outW();
            for (int ox = 0; ox < lo; ox++) {
                out[outRow + ox] = element(g, in, inBase, w, wBase, oy, ox);
            }
            int ox = lo;
            for (; ox + lanes <= hi; ox += lanes) {
                FloatVector acc = FloatVector.zero(s);
                for (int ky = 0; ky < g.kernelH(); ky++) {
                    int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                    if (iy < 0 || iy >= g.inH()) {
                        continue;
                    }
                    int src = inBase + iy * g.inW() + ox - g.padLeft();
                    int wRow = wBase + ky * kw;
                    for (int kx = 0; kx < kw; kx++) {
                        acc = FloatVector.fromArray(s, in, src + kx * g.dilationW())
                                .fma(FloatVector.broadcast(s, w[wRow + kx]), acc);
                    }
                }
                acc.intoArray(out, outRow + ox);
            }
            for (; ox < g.outW(); ox++) {
                out[outRow + ox] = element(g, in, inBase, w, wBase, oy, ox);
            }
        }
    }
}
