package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import org.junit.jupiter.api.Test;

/** Convolution-1 and GroupConvolution-1 on hand-computed cases. */
final class ConvolutionTest {

    private static float[] conv(String type, long[] in, long[] w, float[] weights, long[] out, String[] attrs,
                                float[] x) {
        TinyGraph g = new TinyGraph();
        int p = g.parameter("x", ElementType.F32, in);
        int k = g.constant(ElementType.F32, w, weights);
        g.result("out", g.op(type, attrs, out, p, k));
        return TinyGraph.evaluate(g.build(), x);
    }

    private static String[] plain(String strides, String pads, String autoPad) {
        return attrs("strides", strides, "dilations", "1, 1", "pads_begin", pads, "pads_end", pads, "auto_pad", autoPad);
    }

    private static float[] ramp(int n, float start) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = start + i;
        }
        return r;
    }

    @Test
    void validConvolutionSlidesTheKernel() {
        float[] r = conv("Convolution", dims(1, 1, 3, 3), dims(1, 1, 2, 2), new float[] {1, 2, 3, 4},
                dims(1, 1, 2, 2), plain("1, 1", "0, 0", "explicit"), ramp(9, 1));
        assertArrayEquals(new float[] {37, 47, 67, 77}, r);
    }

    @Test
    void pointwiseConvolutionMixesChannels() {
        float[] r = conv("Convolution", dims(1, 2, 1, 2), dims(2, 2, 1, 1), new float[] {1, 1, 2, -1},
                dims(1, 2, 1, 2), plain("1, 1", "0, 0", "explicit"), new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {4, 6, -1, 0}, r);
    }

    @Test
    void sameUpperPutsTheOddPaddingAtTheEnd() {
        float[] ones = new float[9];
        java.util.Arrays.fill(ones, 1);
        float[] r = conv("Convolution", dims(1, 1, 4, 4), dims(1, 1, 3, 3), ones, dims(1, 1, 2, 2),
                plain("2, 2", "0, 0", "same_upper"), ramp(16, 1));
        assertArrayEquals(new float[] {54, 45, 72, 54}, r);
    }

    @Test
    void sameLowerPutsTheOddPaddingAtTheBeginning() {
        float[] ones = new float[9];
        java.util.Arrays.fill(ones, 1);
        float[] r = conv("Convolution", dims(1, 1, 4, 4), dims(1, 1, 3, 3), ones, dims(1, 1, 2, 2),
                plain("2, 2", "0, 0", "same_lower"), ramp(16, 1));
        assertArrayEquals(new float[] {14, 30, 57, 99}, r);
    }

    @Test
    void explicitPaddingAddsZeros() {
        float[] ones = new float[9];
        java.util.Arrays.fill(ones, 1);
        float[] r = conv("Convolution", dims(1, 1, 2, 2), dims(1, 1, 3, 3), ones, dims(1, 1, 2, 2),
                plain("1, 1", "1, 1", "explicit"), new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {10, 10, 10, 10}, r);
    }

    @Test
    void dilationSpreadsTheTaps() {
        float[] r = conv("Convolution", dims(1, 1, 5, 5), dims(1, 1, 2, 2), new float[] {1, 1, 1, 1},
                dims(1, 1, 3, 3), attrs("strides", "1, 1", "dilations", "2, 2", "pads_begin", "0, 0", "pads_end",
                        "0, 0"), ramp(25, 0));
        assertArrayEquals(new float[] {24, 28, 32, 44, 48, 52, 64, 68, 72}, r);
    }

    @Test
    void oneDimensionalConvolution() {
        float[] r = conv("Convolution", dims(1, 1, 5), dims(1, 1, 3), new float[] {1, 0, -1}, dims(1, 1, 3),
                attrs("strides", "1", "dilations", "1", "pads_begin", "0", "pads_end", "0"), ramp(5, 1));
        assertArrayEquals(new float[] {-2, -2, -2}, r);
    }

    @Test
    void depthwiseGroupConvolutionFiltersEachChannelAlone() {
        // Channel 0 keeps each window's top-left pixel, channel 1 its bottom-right one.
        float[] w = {1, 0, 0, 0, 0, 0, 0, 1};
        float[] x = ramp(18, 0); // channel 0: 0..8, channel 1: 9..17
        float[] r = conv("GroupConvolution", dims(1, 2, 3, 3), dims(2, 1, 1, 2, 2), w, dims(1, 2, 2, 2),
                plain("1, 1", "0, 0", "explicit"), x);
        assertArrayEquals(new float[] {0, 1, 3, 4, 13, 14, 16, 17}, r);
    }

    @Test
    void depthwiseStrideTwoWithPadding() {
        // 3x3 kernel of ones, stride 2, pads 1: each output sums the in-bounds part of its window.
        float[] w = new float[9];
        java.util.Arrays.fill(w, 1);
        float[] r = conv("GroupConvolution", dims(1, 1, 4, 4), dims(1, 1, 1, 3, 3), w, dims(1, 1, 2, 2),
                plain("2, 2", "1, 1", "explicit"), ramp(16, 1));
        // windows: rows -1..1 × cols -1..1, rows -1..1 × cols 1..3, rows 1..3 × cols -1..1, rows 1..3 × cols 1..3
        assertArrayEquals(new float[] {1 + 2 + 5 + 6, 2 + 3 + 4 + 6 + 7 + 8, 5 + 6 + 9 + 10 + 13 + 14,
            6 + 7 + 8 + 10 + 11 + 12 + 14 + 15 + 16}, r);
    }

    @Test
    void groupedConvolutionSplitsChannelsIntoGroups() {
        // 2 groups of 2 input channels and 1 output channel, 1x1 kernels: [1, 1] and [1, -1].
        float[] r = conv("GroupConvolution", dims(1, 4, 1, 1), dims(2, 1, 2, 1, 1), new float[] {1, 1, 1, -1},
                dims(1, 2, 1, 1), plain("1, 1", "0, 0", "explicit"), new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {3, -1}, r);
    }

    @Test
    void batchOfTwoRunsEachImage() {
        float[] r = conv("Convolution", dims(2, 1, 1, 2), dims(1, 1, 1, 1), new float[] {3}, dims(2, 1, 1, 2),
                plain("1, 1", "0, 0", "explicit"), new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {3, 6, 9, 12}, r);
    }

    @Test
    void channelMismatchNamesTheLayer() {
        TinyGraph g = new TinyGraph();
        int p = g.parameter("x", ElementType.F32, 1, 3, 4, 4);
        int k = g.constant(ElementType.F32, dims(1, 2, 1, 1), 1, 1);
        g.result("out", g.op("Convolution", "stem", ElementType.F32, plain("1, 1", "0, 0", "explicit"),
                dims(1, 1, 4, 4), p, k));
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(g.build()));
        assertTrue(e.getMessage().contains("'stem'") && e.getMessage().contains("3 channels"), e.getMessage());
    }
}
