package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PreprocessorTest {
    private static final float[] ZERO = {0, 0, 0};
    private static final float[] ONE = {1, 1, 1};

    private static Preprocessing spec(String layout, String order, int w, int h, double crop, float[] mean,
                                      float[] scale, ElementType type) {
        return new Preprocessing(layout, order, w, h, crop, mean, scale, type);
    }

    @Test
    void cropsTheCentreColumnsInNchwOrder() {
        // Shorter side 2 = round(2 / 1.0): no resize; centre crop 2x2 starts at x = (4 - 2) / 2 = 1.
        var p = new Preprocessor(spec("NCHW", "RGB", 2, 2, 1.0, ZERO, ONE, ElementType.F32));
        Tensor t = p.tensor(BilinearTest.fourByTwo());
        assertEquals(Shape.of(1, 3, 2, 2), t.shape());
        assertEquals(ElementType.F32, t.type());
        assertArrayEquals(new float[] {10, 20, 50, 60, 11, 21, 51, 61, 190, 180, 150, 140}, t.toFloatArray(), 0f);
    }

    @Test
    void nhwcInterleavesChannelsPerPixel() {
        var p = new Preprocessor(spec("NHWC", "RGB", 2, 2, 1.0, ZERO, ONE, ElementType.F32));
        Tensor t = p.tensor(BilinearTest.fourByTwo());
        assertEquals(Shape.of(1, 2, 2, 3), t.shape());
        assertArrayEquals(new float[] {10, 11, 190, 20, 21, 180, 50, 51, 150, 60, 61, 140}, t.toFloatArray(), 0f);
    }

    @Test
    void normalizesPerChannel() {
        var p = new Preprocessor(spec("NHWC", "RGB", 2, 2, 1.0, new float[] {10, 20, 30}, new float[] {2, 4, 5},
                ElementType.F32));
        float[] v = p.tensor(BilinearTest.fourByTwo()).toFloatArray();
        // Pixel (1, 0): (10 - 10) / 2, (11 - 20) / 4, (190 - 30) / 5.
        assertArrayEquals(new float[] {0f, -2.25f, 32f}, new float[] {v[0], v[1], v[2]}, 1e-6f);
    }

    @Test
    void bgrSwapsRedAndBlueBeforeNormalizing() {
        var p = new Preprocessor(spec("NHWC", "BGR", 2, 2, 1.0, new float[] {100, 0, 0}, ONE, ElementType.F32));
        float[] v = p.tensor(BilinearTest.fourByTwo()).toFloatArray();
        // Channel 0 is now blue (190) and takes mean[0].
        assertArrayEquals(new float[] {90, 11, 10}, new float[] {v[0], v[1], v[2]}, 0f);
    }

    @Test
    void u8RoundsHalfToEvenAndSaturates() {
        // Pixels 5, 7 and 200 scaled by 1/2 and by 2.
        RgbImage img = RgbImage.of(1, 1, new byte[] {5, 7, (byte) 200});
        var half = new Preprocessor(spec("NHWC", "RGB", 1, 1, 1.0, ZERO, new float[] {2, 2, 2}, ElementType.U8));
        assertArrayEquals(new float[] {2, 4, 100}, half.tensor(img).toFloatArray(), 0f);
        var twice = new Preprocessor(spec("NHWC", "RGB", 1, 1, 1.0, ZERO, new float[] {0.5f, 0.5f, 0.5f},
                ElementType.U8));
        assertArrayEquals(new float[] {10, 14, 255}, twice.tensor(img).toFloatArray(), 0f);
        var negative = new Preprocessor(spec("NHWC", "RGB", 1, 1, 1.0, new float[] {10, 10, 10}, ONE, ElementType.U8));
        assertArrayEquals(new float[] {0, 0, 190}, negative.tensor(img).toFloatArray(), 0f);
    }

    @Test
    void i8SaturatesAtBothEnds() {
        RgbImage img = RgbImage.of(1, 1, new byte[] {0, (byte) 128, (byte) 255});
        var p = new Preprocessor(spec("NCHW", "RGB", 1, 1, 1.0, ZERO, new float[] {0.5f, 1, 1}, ElementType.I8));
        assertArrayEquals(new float[] {0, 127, 127}, p.tensor(img).toFloatArray(), 0f);
        var centred = new Preprocessor(spec("NCHW", "RGB", 1, 1, 1.0, new float[] {200, 128, 0}, new float[] {0.5f, 1, 1},
                ElementType.I8));
        assertArrayEquals(new float[] {-128, 0, 127}, centred.tensor(img).toFloatArray(), 0f);
    }

    @Test
    void centreCropOffsetRoundsHalfToEven() {
        // A 7-wide image cropped to 2: offset (7 - 2) / 2 = 2.5 rounds to 2, as torchvision's CenterCrop.
        byte[] rgb = new byte[7 * 2 * 3];
        for (int i = 0; i < 14; i++) {
            rgb[3 * i] = (byte) (i % 7);
        }
        var p = new Preprocessor(spec("NCHW", "RGB", 2, 2, 1.0, ZERO, ONE, ElementType.F32));
        float[] v = p.tensor(RgbImage.of(7, 2, rgb)).toFloatArray();
        assertArrayEquals(new float[] {2, 3, 2, 3}, new float[] {v[0], v[1], v[2], v[3]}, 0f);
    }

    @Test
    void resizesTheShorterSideToSizeOverCropFraction() {
        var p = new Preprocessor(Preprocessing.imagenetTorchvision(224));
        assertEquals(256, p.resizedShorterSide());
        assertEquals(110, new Preprocessor(Preprocessing.imagenetTorchvision(96)).resizedShorterSide());
        // A 8x4 image at size 2, crop 0.5: shorter side 4 = round(2 / 0.5), so no resize; crop at (3, 1).
        byte[] rgb = new byte[8 * 4 * 3];
        for (int i = 0; i < 32; i++) {
            rgb[3 * i] = (byte) i;
        }
        var small = new Preprocessor(spec("NCHW", "RGB", 2, 2, 0.5, ZERO, ONE, ElementType.F32));
        float[] v = small.tensor(RgbImage.of(8, 4, rgb)).toFloatArray();
        assertArrayEquals(new float[] {11, 12, 19, 20}, new float[] {v[0], v[1], v[2], v[3]}, 0f);
    }

    @Test
    void downscaleKeepsTheAspectRatioAndCropsTheCentre() {
        // 8x4 to shorter side 2 (size 2, crop 1.0): 4x2, which is exactly the 2x2 block means; crop x = 1.
        byte[] rgb = new byte[8 * 4 * 3];
        for (int i = 0; i < 32; i++) {
            rgb[3 * i] = (byte) (4 * i);
        }
        var p = new Preprocessor(spec("NCHW", "RGB", 2, 2, 1.0, ZERO, ONE, ElementType.F32));
        float[] v = p.tensor(RgbImage.of(8, 4, rgb)).toFloatArray();
        // Block (x 2..3, y 0..1) holds pixel indices 2, 3, 10, 11: mean 6.5, times 4 = 26.
        assertArrayEquals(new float[] {26, 34, 90, 98}, new float[] {v[0], v[1], v[2], v[3]}, 1e-4f);
    }

    @Test
    void batchStacksImagesInOrder() {
        var p = new Preprocessor(spec("NCHW", "RGB", 2, 2, 1.0, ZERO, ONE, ElementType.F32));
        RgbImage a = BilinearTest.fourByTwo();
        RgbImage b = RgbImage.of(2, 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Tensor batch = p.batch(List.of(a, b));
        assertEquals(Shape.of(2, 3, 2, 2), batch.shape());
        float[] all = batch.toFloatArray();
        float[] first = p.tensor(a).toFloatArray();
        float[] second = p.tensor(b).toFloatArray();
        assertArrayEquals(first, java.util.Arrays.copyOfRange(all, 0, 12), 0f);
        assertArrayEquals(second, java.util.Arrays.copyOfRange(all, 12, 24), 0f);
        assertArrayEquals(new float[] {1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12}, second, 0f);
    }

    @Test
    void rejectsEmptyBatchesAndUnsupportedTypes() {
        var p = new Preprocessor(Preprocessing.imagenetTorchvision(8));
        assertThrows(IllegalArgumentException.class, () -> p.batch(List.of()));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Preprocessor(spec("NCHW", "RGB", 2, 2, 1.0, ZERO, ONE, ElementType.I32)));
        assertEquals("image input must be f32, u8 or i8, got i32", e.getMessage());
    }

    @Test
    void saturateMapsNanToZero() {
        assertEquals(0, ResizeKernels.saturate(Float.NaN, 0, 255));
        assertEquals(255, ResizeKernels.saturate(Float.POSITIVE_INFINITY, 0, 255));
        assertEquals(-128, ResizeKernels.saturate(-1e9f, -128, 127));
    }

    @Test
    void saturateRoundsHalfToEven() {
        float[] in = {0.5f, 1.5f, 2.5f, 254.5f, 254.49998f, 3.5000002f};
        int[] expected = {0, 2, 2, 254, 254, 4};
        for (int i = 0; i < in.length; i++) {
            assertEquals(expected[i], ResizeKernels.saturate(in[i], 0, 255), "u8 " + in[i]);
        }
        assertEquals(-2, ResizeKernels.saturate(-1.5f, -128, 127));
        assertEquals(0, ResizeKernels.saturate(-0.5f, -128, 127));
        assertEquals(-128, ResizeKernels.saturate(-128.5f, -128, 127));
        assertEquals(127, ResizeKernels.saturate(126.50001f, -128, 127));
    }

    @Test
    void writeIntoFillsOnlyItsSliceOfALargerNativeSegment() {
        var p = new Preprocessor(Preprocessing.tfliteUint8(13));
        RgbImage a = BilinearTest.fourByTwo();
        RgbImage b = RgbImage.of(2, 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        long size = p.imageByteSize();
        assertEquals(13 * 13 * 3, size);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment batch = arena.allocate(3 + 2 * size + 5);
            batch.fill((byte) 0x5A);
            p.writeInto(a, batch, 3); // odd offset: no alignment needed
            p.writeInto(b, batch, 3 + size);
            byte[] all = batch.toArray(ValueLayout.JAVA_BYTE);
            for (int i : new int[] {0, 1, 2, all.length - 5, all.length - 1}) {
                assertEquals(0x5A, all[i], "byte " + i + " outside the two images");
            }
            assertArrayEquals(bytes(p.tensor(a)), java.util.Arrays.copyOfRange(all, 3, 3 + (int) size));
            assertArrayEquals(bytes(p.tensor(b)), java.util.Arrays.copyOfRange(all, 3 + (int) size, 3 + 2 * (int) size));
        }
    }

    @Test
    void writeIntoRejectsSlicesThatDoNotFit() {
        var p = new Preprocessor(Preprocessing.imagenetTorchvision(4));
        RgbImage img = BilinearTest.fourByTwo();
        MemorySegment exact = MemorySegment.ofArray(new byte[(int) p.imageByteSize()]);
        p.writeInto(img, exact, 0);
        var tooFar = assertThrows(IllegalArgumentException.class, () -> p.writeInto(img, exact, 1));
        assertEquals("a 192-byte image does not fit at offset 1 of a 192-byte segment", tooFar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.writeInto(img, exact, -1));
        var readOnly = assertThrows(IllegalArgumentException.class, () -> p.writeInto(img, exact.asReadOnly(), 0));
        assertEquals("destination segment is read-only", readOnly.getMessage());
    }

    @Test
    void planIsReusedForTheSameSourceSize() {
        var p = new Preprocessor(Preprocessing.imagenetTorchvision(8));
        ResizePlan first = p.plan(64, 48, false);
        assertSame(first, p.plan(64, 48, false));
        ResizePlan other = p.plan(48, 64, false);
        assertNotSame(first, other);
        assertEquals(48, other.sourceWidth);
        assertSame(other, p.plan(48, 64, false));
    }

    private static byte[] bytes(Tensor t) {
        return t.data().toArray(ValueLayout.JAVA_BYTE);
    }
}
