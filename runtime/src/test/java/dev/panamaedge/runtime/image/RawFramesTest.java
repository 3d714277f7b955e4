package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.Preprocessing;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class RawFramesTest {
    private static final long NO_LIMIT = Long.MAX_VALUE;

    /** 3×2 RGB pixels with distinct samples: pixel i is (10i, 10i + 1, 10i + 2). */
    private static byte[] rgb3x2() {
        byte[] rgb = new byte[18];
        for (int i = 0; i < 6; i++) {
            rgb[3 * i] = (byte) (10 * i);
            rgb[3 * i + 1] = (byte) (10 * i + 1);
            rgb[3 * i + 2] = (byte) (10 * i + 2);
        }
        return rgb;
    }

    /** {@code packed} rows of {@code rowBytes} re-laid with {@code stride}, the padding filled with 0xEE. */
    private static byte[] padded(byte[] packed, int rowBytes, int rows, int stride) {
        byte[] out = new byte[stride * rows];
        java.util.Arrays.fill(out, (byte) 0xEE);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(packed, r * rowBytes, out, r * stride, rowBytes);
        }
        return out;
    }

    @Test
    void rgbAndBgrFramesReadInPlaceGiveTheTensorOfTheirConversion() {
        var random = new Random(15);
        var pre = new Preprocessor(Preprocessing.tfliteUint8(224));
        for (RawFormat format : new RawFormat[] {RawFormat.RGB, RawFormat.BGR}) {
            byte[] packed = new byte[3 * 641 * 479];
            random.nextBytes(packed);
            var frame = new RawFrame(641, 479, 3 * 641 + 5, format, padded(packed, 3 * 641, 479, 3 * 641 + 5));
            InterleavedFrame view = RawFrames.inPlace(frame, NO_LIMIT).orElseThrow();
            assertArrayEquals(pre.tensor(RawFrames.toRgb(frame, NO_LIMIT)).data().toArray(ValueLayout.JAVA_BYTE),
                    pre.tensor(view).data().toArray(ValueLayout.JAVA_BYTE), format.name());
        }
    }

    @Test
    void grayAndNv12NeedTheirConversionAndEveryFormatKeepsThePixelLimit() {
        assertTrue(RawFrames.inPlace(RawFrame.packed(2, 2, RawFormat.GRAY, new byte[4]), NO_LIMIT).isEmpty());
        assertTrue(RawFrames.inPlace(RawFrame.packed(2, 2, RawFormat.NV12, new byte[6]), NO_LIMIT).isEmpty());
        var tooBig = assertThrows(IllegalArgumentException.class,
                () -> RawFrames.inPlace(RawFrame.packed(3, 2, RawFormat.RGB, rgb3x2()), 5));
        assertTrue(tooBig.getMessage().contains("more than the limit of 5"), tooBig.getMessage());
    }

    @Test
    void rgbIsCopiedAsItIs() {
        RgbImage img = RawFrames.toRgb(RawFrame.packed(3, 2, RawFormat.RGB, rgb3x2()), NO_LIMIT);
        assertArrayEquals(rgb3x2(), img.toInterleavedRgb());
        assertEquals(3, img.width());
        assertEquals(2, img.height());
    }

    @Test
    void bgrSwapsRedAndBlue() {
        byte[] bgr = rgb3x2();
        for (int i = 0; i < bgr.length; i += 3) {
            byte t = bgr[i];
            bgr[i] = bgr[i + 2];
            bgr[i + 2] = t;
        }
        assertArrayEquals(rgb3x2(), RawFrames.toRgb(RawFrame.packed(3, 2, RawFormat.BGR, bgr), NO_LIMIT)
                .toInterleavedRgb());
    }

    @Test
    void grayIsReplicatedIntoThreeChannels() {
        RgbImage img = RawFrames.toRgb(RawFrame.packed(2, 1, RawFormat.GRAY, new byte[] {7, (byte) 200}), NO_LIMIT);
        assertArrayEquals(new byte[] {7, 7, 7, (byte) 200, (byte) 200, (byte) 200}, img.toInterleavedRgb());
    }

    @Test
    void strideSkipsRowPaddingInEveryFormat() {
        assertArrayEquals(rgb3x2(), RawFrames.toRgb(new RawFrame(3, 2, 16, RawFormat.RGB, padded(rgb3x2(), 9, 2, 16)),
                NO_LIMIT).toInterleavedRgb());
        byte[] gray = {1, 2, 3, 4, 5, 6};
        RgbImage g = RawFrames.toRgb(new RawFrame(3, 2, 5, RawFormat.GRAY, padded(gray, 3, 2, 5)), NO_LIMIT);
        assertEquals(4, g.sample(0, 1, 2));
        assertEquals(6, g.sample(2, 1, 0));
        byte[] nv12 = nv12Of(new int[] {16, 235, 126, 81}, 128, 128, 2, 2);
        RgbImage packed = RawFrames.toRgb(RawFrame.packed(2, 2, RawFormat.NV12, nv12), NO_LIMIT);
        RgbImage strided = RawFrames.toRgb(new RawFrame(2, 2, 8, RawFormat.NV12, padded(nv12, 2, 3, 8)), NO_LIMIT);
        assertArrayEquals(packed.toInterleavedRgb(), strided.toInterleavedRgb());
    }

    @Test
    void nv12BlackWhiteAndGrayAreBt601LimitedRange() {
        // Y 16 is black and Y 235 white in limited range; neutral chroma gives R = G = B = 1.164 (Y - 16).
        RgbImage img = RawFrames.toRgb(RawFrame.packed(2, 2, RawFormat.NV12,
                nv12Of(new int[] {16, 235, 126, 0}, 128, 128, 2, 2)), NO_LIMIT);
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 128, (byte) 128,
                (byte) 128, 0, 0, 0}, img.toInterleavedRgb());
    }

    @Test
    void nv12ColoursMatchTheBt601Equations() {
        // (Y, U, V) of limited-range red, green and blue, worked out from the fixed-point form; for red,
        // R = (65 * 1220542 + 112 * 1673527 + 2^19) >> 20 = 254.
        assertPixel(81, 90, 240, 254, 0, 0);
        assertPixel(145, 54, 34, 0, 255, 1);
        assertPixel(41, 240, 110, 0, 0, 255);
    }

    @Test
    void nv12AgreesWithTheFloatEquationsWithinOneLevel() {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            int y = random.nextInt(256);
            int u = random.nextInt(256);
            int v = random.nextInt(256);
            RgbImage img = RawFrames.toRgb(RawFrame.packed(2, 2, RawFormat.NV12, nv12Of(new int[] {y, y, y, y}, u, v,
                    2, 2)), NO_LIMIT);
            double l = 1.164 * Math.max(0, y - 16);
            double[] want = {l + 1.596 * (v - 128), l - 0.813 * (v - 128) - 0.391 * (u - 128), l + 2.018 * (u - 128)};
            for (int c = 0; c < 3; c++) {
                double w = Math.clamp(Math.floor(want[c] + 0.5), 0, 255);
                assertTrue(Math.abs(img.sample(1, 1, c) - w) <= 1, "Y " + y + " U " + u + " V " + v + " channel " + c
                        + ": " + img.sample(1, 1, c) + " vs " + w);
            }
        }
    }

    @Test
    void nv12ChromaIsSharedByEachTwoByTwoBlock() {
        // 4x2: the left block has neutral chroma, the right block strong red chroma.
        byte[] nv12 = new byte[4 * 2 + 4];
        java.util.Arrays.fill(nv12, 0, 8, (byte) 126);
        nv12[8] = (byte) 128;
        nv12[9] = (byte) 128;
        nv12[10] = (byte) 90;
        nv12[11] = (byte) 240;
        RgbImage img = RawFrames.toRgb(RawFrame.packed(4, 2, RawFormat.NV12, nv12), NO_LIMIT);
        for (int y = 0; y < 2; y++) {
            assertEquals(128, img.sample(1, y, 0));
            assertEquals(128, img.sample(1, y, 2));
            assertTrue(img.sample(2, y, 0) > 200 && img.sample(2, y, 0) == img.sample(3, y, 0));
            assertTrue(img.sample(3, y, 2) < 128);
        }
    }

    @Test
    void aFrameAtAnOffsetConvertsAsTheSameFrameAtZeroInEveryFormat() {
        Random random = new Random(21);
        var pre = new Preprocessor(Preprocessing.tfliteUint8(224));
        for (RawFormat format : RawFormat.values()) {
            int stride = 6 * format.bytesPerPixel() + 5;
            byte[] alone = new byte[Math.toIntExact(stride * format.rows(4))];
            random.nextBytes(alone);
            byte[] inMessage = new byte[alone.length + 17 + 9];
            random.nextBytes(inMessage);
            System.arraycopy(alone, 0, inMessage, 17, alone.length);
            RawFrame atZero = new RawFrame(6, 4, stride, format, alone);
            RawFrame atOffset = new RawFrame(6, 4, stride, format, inMessage, 17, alone.length);
            assertArrayEquals(RawFrames.toRgb(atZero, NO_LIMIT).toInterleavedRgb(),
                    RawFrames.toRgb(atOffset, NO_LIMIT).toInterleavedRgb(), format.name());
            RawFrames.inPlace(atOffset, NO_LIMIT).ifPresent(frame -> assertArrayEquals(
                    pre.tensor(RawFrames.inPlace(atZero, NO_LIMIT).orElseThrow()).data().toArray(ValueLayout.JAVA_BYTE),
                    pre.tensor(frame).data().toArray(ValueLayout.JAVA_BYTE), format.name()));
        }
        // Bytes after the frame's own (the message's next fields) never count toward its size.
        var e = assertThrows(IllegalArgumentException.class,
                () -> new RawFrame(3, 2, 9, RawFormat.RGB, new byte[40], 3, 17));
        assertEquals("raw RGB frame 3x2 with stride 9 needs 18 bytes (stride x 2 rows), got 17", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RawFrame(3, 2, 9, RawFormat.RGB, new byte[20], -1, 18));
        assertThrows(IllegalArgumentException.class, () -> new RawFrame(3, 2, 9, RawFormat.RGB, new byte[20], 3, 18));
    }

    @Test
    void shortBuffersAreRejectedWithTheBytesNeeded() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RawFrame(3, 2, 10, RawFormat.RGB, new byte[19]));
        assertEquals("raw RGB frame 3x2 with stride 10 needs 20 bytes (stride x 2 rows), got 19", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RawFrame.packed(4, 4, RawFormat.NV12, new byte[23]));
        assertEquals("raw NV12 frame 4x4 with stride 4 needs 24 bytes (stride x 6 rows), got 23", e.getMessage());
    }

    @Test
    void aStrideNarrowerThanARowIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RawFrame(4, 1, 11, RawFormat.BGR, new byte[64]));
        assertEquals("raw BGR frame 4x1: stride 11 bytes is less than width x 3 = 12 bytes", e.getMessage());
    }

    @Test
    void oddNv12SidesAndEmptySizesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> RawFrame.packed(3, 2, RawFormat.NV12, new byte[64]));
        assertEquals("raw NV12 frame needs even width and height (4:2:0 chroma), got 3x2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RawFrame.packed(2, 3, RawFormat.NV12, new byte[64]));
        e = assertThrows(IllegalArgumentException.class, () -> RawFrame.packed(0, 2, RawFormat.GRAY, new byte[4]));
        assertEquals("raw frame size must be positive, got 0x2", e.getMessage());
    }

    @Test
    void framesOverThePixelLimitAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RawFrames.toRgb(RawFrame.packed(4, 3, RawFormat.GRAY, new byte[12]), 11));
        assertEquals("raw frame is 4x3 = 12 pixels, more than the limit of 11", e.getMessage());
    }

    @Test
    void formatsParseCaseInsensitivelyAndUnknownOnesAreNamed() {
        assertEquals(RawFormat.NV12, RawFormat.parse("nv12"));
        assertEquals(RawFormat.BGR, RawFormat.parse("BGR"));
        var e = assertThrows(IllegalArgumentException.class, () -> RawFormat.parse("yuyv"));
        assertEquals("unknown raw frame format 'yuyv'; formats: [rgb, bgr, gray, nv12]", e.getMessage());
    }

    private static void assertPixel(int y, int u, int v, int r, int g, int b) {
        RgbImage img = RawFrames.toRgb(RawFrame.packed(2, 2, RawFormat.NV12, nv12Of(new int[] {y, y, y, y}, u, v, 2, 2)),
                NO_LIMIT);
        assertArrayEquals(new int[] {r, g, b}, new int[] {img.sample(0, 0, 0), img.sample(0, 0, 1), img.sample(0, 0, 2)},
                "Y " + y + " U " + u + " V " + v);
    }

    /** A packed NV12 frame: luma row-major, then every chroma sample set to (u, v). */
    private static byte[] nv12Of(int[] luma, int u, int v, int width, int height) {
        byte[] out = new byte[width * height * 3 / 2];
        for (int i = 0; i < luma.length; i++) {
            out[i] = (byte) luma[i];
        }
        for (int i = width * height; i < out.length; i += 2) {
            out[i] = (byte) u;
            out[i + 1] = (byte) v;
        }
        return out;
    }
}
