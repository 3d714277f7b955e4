package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** AvgPool-1 and MaxPool-1 on a 1×1×3×3 ramp 1..9 unless stated. */
final class PoolingTest {
    private static final float[] RAMP = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    private static float[] pool(String type, long[] out, String... attrs) {
        return TinyGraph.single(type, attrs, new long[][] {{1, 1, 3, 3}}, out, RAMP);
    }

    @Test
    void averagePoolWithoutPaddingAveragesEachWindow() {
        assertArrayEquals(new float[] {3, 4, 6, 7}, pool("AvgPool", dims(1, 1, 2, 2), attrs("kernel", "2, 2",
                "strides", "1, 1", "pads_begin", "0, 0", "pads_end", "0, 0", "exclude-pad", "true")));
    }

    @Test
    void excludePadDividesByTheInBoundsCount() {
        // kernel 2, stride 2, pads 1: windows {1}, {2,3}, {4,7}, {5,6,8,9}.
        assertArrayEquals(new float[] {1, 2.5f, 5.5f, 7}, pool("AvgPool", dims(1, 1, 2, 2), attrs("kernel", "2, 2",
                "strides", "2, 2", "pads_begin", "1, 1", "pads_end", "0, 0", "exclude-pad", "true")));
    }

    @Test
    void includePadDividesByTheKernelArea() {
        assertArrayEquals(new float[] {0.25f, 1.25f, 2.75f, 7}, pool("AvgPool", dims(1, 1, 2, 2), attrs("kernel",
                "2, 2", "strides", "2, 2", "pads_begin", "1, 1", "pads_end", "0, 0", "exclude-pad", "false")));
    }

    @Test
    void ceilRoundingAddsAPartialLastWindow() {
        // kernel 2, stride 2, no pads: floor gives 1x1, ceil 2x2 with clipped windows {1,2,4,5}, {3,6}, {7,8}, {9}.
        assertArrayEquals(new float[] {3}, pool("AvgPool", dims(1, 1, 1, 1), attrs("kernel", "2, 2", "strides",
                "2, 2", "pads_begin", "0, 0", "pads_end", "0, 0", "exclude-pad", "true", "rounding_type", "floor")));
        assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, pool("AvgPool", dims(1, 1, 2, 2), attrs("kernel", "2, 2",
                "strides", "2, 2", "pads_begin", "0, 0", "pads_end", "0, 0", "exclude-pad", "false",
                "rounding_type", "ceil")));
    }

    @Test
    void globalAverageIsTheMean() {
        assertArrayEquals(new float[] {5}, pool("AvgPool", dims(1, 1, 1, 1), attrs("kernel", "3, 3", "strides",
                "1, 1", "pads_begin", "0, 0", "pads_end", "0, 0", "exclude-pad", "true", "auto_pad", "valid")));
    }

    @Test
    void sameUpperPoolingKeepsTheSpatialSize() {
        // kernel 2, stride 1, same_upper: one pad at the end; exclude-pad averages the in-bounds part.
        assertArrayEquals(new float[] {3, 4, 4.5f, 6, 7, 7.5f, 7.5f, 8.5f, 9}, pool("AvgPool", dims(1, 1, 3, 3),
                attrs("kernel", "2, 2", "strides", "1, 1", "pads_begin", "0, 0", "pads_end", "0, 0", "exclude-pad",
                        "true", "auto_pad", "same_upper")));
    }

    @Test
    void maxPoolIgnoresPadding() {
        float[] negative = new float[9];
        for (int i = 0; i < 9; i++) {
            negative[i] = -RAMP[i];
        }
        // All values negative: zero padding must not win. kernel 2, stride 2, pads 1.
        float[] r = TinyGraph.single("MaxPool", attrs("kernel", "2, 2", "strides", "2, 2", "pads_begin", "1, 1",
                "pads_end", "0, 0"), new long[][] {{1, 1, 3, 3}}, dims(1, 1, 2, 2), negative);
        assertArrayEquals(new float[] {-1, -2, -4, -5}, r);
    }
}
