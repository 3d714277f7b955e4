package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

final class BilinearTest {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The plan's window through the fused kernels as interleaved floats, identity normalisation. */
    static float[] resizeWindow(RgbImage image, int resizedWidth, int resizedHeight, int cropX, int cropY,
                                int cropWidth, int cropHeight) {
        ResizePlan plan = ResizePlan.window(image.width(), image.height(), resizedWidth, resizedHeight, cropX, cropY,
                cropWidth, cropHeight, false, false);
        int n = 3 * cropWidth * cropHeight;
        var norm = Normalization.forRow(new float[3], new float[] {1, 1, 1}, cropWidth, false);
        MemorySegment bytes = MemorySegment.ofArray(new byte[4 * n]);
        Bilinear.run(plan, image.interleaved(), 0, 3 * image.width(), norm, ElementType.F32, bytes, 0, true);
        float[] values = new float[n];
        MemorySegment.copy(bytes, F32_LE, 0, values, 0, n);
        return values;
    }

    /** 4×2 image: red row 0 = 0,10,20,30, row 1 = 40,50,60,70; green = red + 1; blue = 200 − red. */
    static RgbImage fourByTwo() {
        byte[] rgb = new byte[4 * 2 * 3];
        for (int i = 0; i < 8; i++) {
            int r = 10 * (i % 4) + 40 * (i / 4);
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) (r + 1);
            rgb[3 * i + 2] = (byte) (200 - r);
        }
        return RgbImage.of(4, 2, rgb);
    }

    @Test
    void halvingAveragesEachTwoByTwoBlock() {
        float[] out = resizeWindow(fourByTwo(), 2, 1, 0, 0, 2, 1);
        // Output pixel 0 samples (0.5, 0.5): the mean of red 0, 10, 40, 50 = 25; pixel 1 the mean of 20, 30, 60, 70.
        assertArrayEquals(new float[] {25, 26, 175, 45, 46, 155}, out, 1e-5f);
    }

    @Test
    void sameSizeIsTheIdentity() {
        RgbImage img = fourByTwo();
        float[] out = resizeWindow(img, 4, 2, 0, 0, 4, 2);
        byte[] rgb = img.toInterleavedRgb();
        float[] expected = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            expected[i] = rgb[i] & 0xFF;
        }
        assertArrayEquals(expected, out, 0f);
    }

    @Test
    void doublingUsesHalfPixelCentresAndClampsAtTheEdges() {
        RgbImage img = RgbImage.of(2, 1, new byte[] {0, 0, 0, 100, (byte) 200, 40});
        float[] out = resizeWindow(img, 4, 1, 0, 0, 4, 1);
        // Sources x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to the last pixel).
        assertArrayEquals(new float[] {0, 0, 0, 25, 50, 10, 75, 150, 30, 100, 200, 40}, out, 1e-5f);
    }

    @Test
    void windowIsTheMatchingPartOfTheFullResize() {
        RgbImage img = fourByTwo();
        float[] full = resizeWindow(img, 7, 5, 0, 0, 7, 5);
        float[] window = resizeWindow(img, 7, 5, 2, 1, 3, 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                for (int c = 0; c < 3; c++) {
                    assertArrayEquals(new float[] {full[((y + 1) * 7 + x + 2) * 3 + c]},
                            new float[] {window[(y * 3 + x) * 3 + c]}, 0f);
                }
            }
        }
    }

    @Test
    void windowOutsideTheResizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> resizeWindow(fourByTwo(), 4, 2, 1, 0, 4, 2));
    }
}
