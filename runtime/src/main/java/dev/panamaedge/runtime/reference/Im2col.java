package dev.panamaedge.runtime.reference;

/**
 * Unfolds convolution input into a {@code [channels*kh*kw][outH*outW]} matrix, so any convolution becomes one
 * {@link Gemm} with the {@code [cout][cin*kh*kw]} weights (the IR's OIHW layout, unchanged). Padding taps
 * become zeros, which add nothing to the sums.
 *
 * <p>Pure data movement, so there is no vector twin: the copy loop is what the JIT already vectorises.
 */
final class Im2col {
    private Im2col() {
    }

    static void fill(Parallel parallel, ConvGeometry g, int channels, float[] in, int inOff, float[] col,
                     int colOff) {
        int rows = channels * g.kernelArea();
        parallel.forRange(rows, g.outPlane(), (from, to) -> {
            for (int r = from; r < to; r++) {
                fillRow(g, r, in, inOff, col, colOff + r * g.outPlane());
            }
        });
    }

    private static void fillRow(ConvGeometry g, int row, float[] in, int inOff, float[] col, int dst) {
        int c = row / g.kernelArea();
        int ky = row % g.kernelArea() / g.kernelW();
        int kx = row % g.kernelW();
        int plane = inOff + c * g.inPlane();
        for (int oy = 0; oy < g.outH(); oy++) {
            int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
            int out = dst + oy * g.outW();
            if (iy < 0 || iy >= g.inH()) {
                java.util.Arrays.fill(col, out, out + g.outW(), 0f);
                continue;
            }
            int src = plane + iy * g.inW() - g.padLeft() + kx * g.dilationW();
            if (g.strideW() == 1) {
                int lo = Math.min(g.outW(), Math.max(0, g.padLeft() - kx * g.dilationW()));
                int hi = Math.max(lo, Math.min(g.outW(), g.inW() + g.padLeft() - kx * g.dilationW()));
                java.util.Arrays.fill(col, out, out + lo, 0f);
                System.arraycopy(in, src + lo, col, out + lo, hi - lo);
                java.util.Arrays.fill(col, out + hi, out + g.outW(), 0f);
            } else {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                    col[out + ox] = ix >= 0 && ix < g.inW() ? in[src + ox * g.strideW()] : 0f;
                }
            }
        }
    }
}
