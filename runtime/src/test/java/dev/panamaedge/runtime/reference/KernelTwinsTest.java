package dev.panamaedge.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every vector kernel against its scalar twin on odd sizes (13 channels, 7×9 planes) that leave a scalar tail
 * for any vector width.
 *
 * <p>Tolerance: none. Both twins perform the same IEEE-754 operations in the same order per element (fused
 * multiply-adds accumulated over the reduction index from +0, the same division and rounding steps in
 * FakeQuantize), so they must agree bit for bit; any difference means the vector path computes something
 * else. Assertions compare with {@code assertArrayEquals(float[], float[])}, which distinguishes -0.0 and NaN
 * payloads only through {@link Float#floatToIntBits}.
 */
final class KernelTwinsTest {
    private static final Parallel PARALLEL = new Parallel(2, "twins-test");
    private static final int CHANNELS = 13;
    private static final int H = 7;
    private static final int W = 9;

    @AfterAll
    static void closePool() {
        PARALLEL.close();
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static RunContext context(int scratch) {
        return new RunContext(PARALLEL, new float[scratch]);
    }

    @Test
    void gemmTwinsAgreeOnOddSizes() {
        int[][] sizes = {{13, 63, 13}, {1, 1001, 37}, {5, 1, 1280}, {17, 300, 3}, {4, 129, 96}};
        for (int[] s : sizes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = random(m * k, 1);
            float[] b = random(k * n, 2);
            float[] scalar = new float[m * n];
            float[] vector = new float[m * n];
            Gemm.multiply(PARALLEL, false, a, 0, b, 0, scalar, 0, m, n, k);
            Gemm.multiply(PARALLEL, true, a, 0, b, 0, vector, 0, m, n, k);
            assertArrayEquals(scalar, vector, "m=" + m + " n=" + n + " k=" + k);
            float expected = 0;
            for (int p = 0; p < k; p++) {
                expected = Math.fma(a[(m - 1) * k + p], b[p * n + n - 1], expected);
            }
            assertEquals(expected, scalar[m * n - 1], "last element is the ordered fused dot product");
        }
    }

    @Test
    void gemmHonoursOffsets() {
        float[] a = random(40, 3);
        float[] b = random(80, 4);
        float[] c = new float[50];
        Gemm.multiply(PARALLEL, true, a, 10, b, 20, c, 5, 3, 5, 4);
        float expected = 0;
        for (int p = 0; p < 4; p++) {
            expected = Math.fma(a[10 + 2 * 4 + p], b[20 + p * 5 + 4], expected);
        }
        assertEquals(expected, c[5 + 2 * 5 + 4]);
        assertEquals(0f, c[4], "nothing written before the output offset");
    }

    @Test
    void depthwiseTwinsAgreeWithPaddingStrideAndDilation() {
        int[][] configs = {
            // kernel, stride, dilation, pad
            {3, 1, 1, 1}, {3, 2, 1, 1}, {5, 1, 2, 3}, {1, 1, 1, 0}, {3, 1, 1, 0}
        };
        for (int[] cfg : configs) {
            ConvGeometry g = geometry(cfg[0], cfg[1], cfg[2], cfg[3]);
            float[] in = random(CHANNELS * H * W, 5);
            float[] w = random(CHANNELS * cfg[0] * cfg[0], 6);
            float[] scalar = new float[CHANNELS * g.outPlane()];
            float[] vector = new float[CHANNELS * g.outPlane()];
            DepthwiseConv.run(PARALLEL, false, g, CHANNELS, CHANNELS, in, w, scalar);
            DepthwiseConv.run(PARALLEL, true, g, CHANNELS, CHANNELS, in, w, vector);
            assertArrayEquals(scalar, vector, "kernel/stride/dilation/pad " + java.util.Arrays.toString(cfg));
        }
    }

    @Test
    void im2colConvolutionTwinsAgree() {
        ConvGeometry g = geometry(3, 2, 1, 1);
        int cout = 11;
        Convolution conv = convolution(g, cout);
        float[] in = random(CHANNELS * H * W, 7);
        float[] w = random(cout * CHANNELS * 9, 8);
        float[] scalar = new float[cout * g.outPlane()];
        float[] vector = new float[cout * g.outPlane()];
        conv.execute(new float[][] {in, w}, scalar, context(conv.scratchFloats()), false);
        conv.execute(new float[][] {in, w}, vector, context(conv.scratchFloats()), true);
        assertArrayEquals(scalar, vector);
    }

    @Test
    void binaryKernelTwinsAgreeForEveryStepPattern() {
        int n = CHANNELS * H * W;
        float[] a = random(n, 9);
        float[] b = random(n, 10);
        for (BinaryKernels.Kind kind : BinaryKernels.Kind.values()) {
            for (int as = 0; as <= 1; as++) {
                for (int bs = 0; bs <= 1; bs++) {
                    float[] scalar = new float[n];
                    float[] vector = new float[n];
                    BinaryKernels.apply(kind, false, a, 3, as, b, 5, bs, scalar, 0, n - 5);
                    BinaryKernels.apply(kind, true, a, 3, as, b, 5, bs, vector, 0, n - 5);
                    assertArrayEquals(scalar, vector, kind + " steps " + as + "/" + bs);
                }
            }
        }
    }

    @Test
    void unaryKernelTwinsAgree() {
        float[] x = random(CHANNELS * H * W, 11);
        x[0] = Float.NaN;
        x[1] = -0f;
        for (UnaryElementwise.Kind kind : UnaryElementwise.Kind.values()) {
            UnaryElementwise op = new UnaryElementwise(kind, new long[] {x.length}, dev.panamaedge.models.ir.ElementType.F32,
                    -0.5f, 0.75f);
            float[] scalar = new float[x.length];
            float[] vector = new float[x.length];
            float[] input = kind == UnaryElementwise.Kind.SQRT ? abs(x) : x;
            op.execute(new float[][] {input}, scalar, context(0), false);
            op.execute(new float[][] {input}, vector, context(0), true);
            assertArrayEquals(scalar, vector, kind.name());
        }
    }

    @Test
    void fakeQuantizeTwinsAgreeIncludingTiesAndClipping() {
        int n = CHANNELS * H * W;
        float[] x = random(n, 12);
        for (int i = 0; i < n; i += 3) {
            x[i] = (i % 41 - 20) * 0.5f; // exact grid midpoints on [-10, 10] with 41 levels
        }
        x[1] = Float.NaN;
        x[4] = -0f;
        float[][] ranges = {{-10}, {10}, {-1}, {1}};
        float[][] perElement = {random(n, 13), random(n, 14), random(n, 15), random(n, 16)};
        for (int i = 0; i < n; i++) { // ordered, inverted and degenerate ranges
            perElement[1][i] = i % 7 == 0 ? perElement[0][i] : perElement[1][i] + 2;
        }
        for (float[][] r : new float[][][] {ranges, perElement}) {
            int step = r[0].length == 1 ? 0 : 1;
            int[] steps = {step, step, step, step};
            float[] scalar = new float[n];
            float[] vector = new float[n];
            FakeQuantizeKernel.apply(false, 40, x, 0, r, new int[4], steps, scalar, 0, n);
            FakeQuantizeKernel.apply(true, 40, x, 0, r, new int[4], steps, vector, 0, n);
            assertArrayEquals(scalar, vector, step == 0 ? "scalar ranges" : "per-element ranges");
        }
    }

    @Test
    void vectorRintMatchesMathRintOnEdgeValues() {
        var s = Simd.F;
        float[] v = new float[s.length() * 4];
        float[] edge = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0.49999997f, -0f, 0f, 8388607.5f, 8388608f,
            16777217f, -8388609f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, -0.3f,
            254.5f, 3.4028235e38f};
        for (int i = 0; i < v.length; i++) {
            v[i] = edge[i % edge.length];
        }
        for (int i = 0; i < v.length; i += s.length()) {
            float[] out = new float[s.length()];
            FakeQuantizeKernel.rint(s, jdk.incubator.vector.FloatVector.fromArray(s, v, i)).intoArray(out, 0);
            for (int j = 0; j < s.length(); j++) {
                assertEquals(Float.floatToIntBits((float) Math.rint(v[i + j])), Float.floatToIntBits(out[j]),
                        "rint(" + v[i + j] + ")");
            }
        }
    }

    private static float[] abs(float[] x) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = Math.abs(x[i]);
        }
        return r;
    }

    private static ConvGeometry geometry(int kernel, int stride, int dilation, int pad) {
        long[] k = {kernel, kernel};
        long[] s = {stride, stride};
        long[] d = {dilation, dilation};
        long[] p = {pad, pad};
        return ConvGeometry.of(layer(), new long[] {H, W}, k, s, d, p, p, "explicit", false);
    }

    private static Convolution convolution(ConvGeometry g, int cout) {
        var in = java.util.List.of(
                Operand.runtime(new long[] {1, CHANNELS, H, W}, dev.panamaedge.models.ir.ElementType.F32),
                Operand.runtime(new long[] {cout, CHANNELS, g.kernelH(), g.kernelW()},
                        dev.panamaedge.models.ir.ElementType.F32));
        var attrs = java.util.Map.of("strides", g.strideH() + "," + g.strideW(), "dilations", "1,1",
                "pads_begin", g.padTop() + "," + g.padLeft(), "pads_end", g.padBottom() + "," + g.padRight());
        var l = new dev.panamaedge.models.ir.Layer(0, "conv", "Convolution", "opset1", attrs, java.util.List.of(),
                java.util.List.of());
        return Convolution.create(l, in, false);
    }

    private static dev.panamaedge.models.ir.Layer layer() {
        return new dev.panamaedge.models.ir.Layer(0, "dw", "GroupConvolution", "opset1", java.util.Map.of(),
                java.util.List.of(), java.util.List.of());
    }
}
