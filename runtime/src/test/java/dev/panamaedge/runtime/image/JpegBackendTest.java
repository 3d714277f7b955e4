package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The JPEG seam: which backend is chosen, and that {@link ImageDecoder} routes JPEG data (by its magic bytes)
 * to an installed {@link JpegDecoder} and everything else, or what the decoder declines, to ImageIO.
 */
final class JpegBackendTest {

    /** A JpegDecoder that records what it was asked and answers with a fixed result. */
    private static final class RecordingDecoder implements JpegDecoder {
        final List<String> calls = new ArrayList<>();
        final Optional<RgbImage> answer;

        RecordingDecoder(Optional<RgbImage> answer) {
            this.answer = answer;
        }

        @Override
        public String description() {
            return "recording decoder";
        }

        @Override
        public Optional<RgbImage> decode(byte[] jpeg, String source, long maxPixels, int minShorterSide) {
            calls.add(source + " " + maxPixels + " " + minShorterSide);
            return answer;
        }
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        var out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out));
        return out.toByteArray();
    }

    private static BufferedImage gradient(int w, int h) {
        var image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 0x40);
            }
        }
        return image;
    }

    @Test
    void withoutProvidersImageIoDecodesAndSaysWhy() {
        JpegBackend none = JpegBackend.select(List.of());
        assertTrue(none.decoder().isEmpty());
        assertEquals("no native JPEG decoder on the class path (panama-edge-native); decoding JPEG with ImageIO",
                none.description());
        // runtime's own tests have no native module on the class path
        assertEquals(none, ImageDecoder.jpegBackend());
    }

    @Test
    void firstProviderWithADecoderWinsAndFailedOnesGiveTheirReasons() {
        var decoder = new RecordingDecoder(Optional.empty());
        JpegDecoderProvider missing = () -> JpegBackend.imageIo("X not found (looked in /a); decoding JPEG with ImageIO");
        JpegDecoderProvider broken = () -> {
            throw new IllegalStateException("boom");
        };
        JpegDecoderProvider working = () -> JpegBackend.of(decoder);
        JpegBackend chosen = JpegBackend.select(List.of(missing, broken, working));
        assertEquals(Optional.of(decoder), chosen.decoder());
        assertEquals("JPEG decoder: recording decoder", chosen.description());

        JpegBackend fallback = JpegBackend.select(List.of(missing, broken));
        assertTrue(fallback.decoder().isEmpty());
        assertTrue(fallback.description().startsWith("X not found (looked in /a); decoding JPEG with ImageIO; "),
                fallback.description());
        assertTrue(fallback.description().contains("failed: java.lang.IllegalStateException: boom"),
                fallback.description());
    }

    @Test
    void jpegDataGoesToTheDecoderByItsMagicBytesWithTheCallersArguments() throws IOException {
        RgbImage answer = RgbImage.of(1, 1, new byte[] {1, 2, 3});
        var decoder = new RecordingDecoder(Optional.of(answer));
        JpegBackend backend = JpegBackend.of(decoder);
        byte[] jpeg = encode(gradient(40, 30), "jpg");
        assertEquals(answer, ImageDecoder.decode(jpeg, "upload.png", 1234, 77, backend), "named .png, but JPEG");
        byte[] png = encode(gradient(40, 30), "png");
        RgbImage decodedPng = ImageDecoder.decode(png, "really.png", 1234, 77, backend);
        assertEquals(40, decodedPng.width());
        assertEquals(List.of("upload.png 1234 77"), decoder.calls);
    }

    @Test
    void aJpegTheDecoderDeclinesIsDecodedByImageIoAtFullSize() throws IOException {
        var decoder = new RecordingDecoder(Optional.empty());
        byte[] jpeg = encode(gradient(40, 30), "jpg");
        RgbImage viaFallback = ImageDecoder.decode(jpeg, "cmyk?", 10_000, 8, JpegBackend.of(decoder));
        RgbImage imageIo = ImageDecoder.decode(jpeg, "plain", 10_000, 8,
                JpegBackend.imageIo("no decoder; decoding JPEG with ImageIO"));
        assertEquals(1, decoder.calls.size());
        assertEquals(40, viaFallback.width());
        assertEquals(30, viaFallback.height());
        assertArrayEquals(imageIo.toInterleavedRgb(), viaFallback.toInterleavedRgb());
    }

    @Test
    void imageIoKeepsThePixelLimitWhenItDecodesJpeg() throws IOException {
        byte[] jpeg = encode(gradient(40, 30), "jpg");
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(jpeg, "big", 1199, 0,
                JpegBackend.imageIo("no decoder; decoding JPEG with ImageIO")));
        assertTrue(e.getMessage().contains("40x30 = 1200 pixels, more than the limit of 1199"), e.getMessage());
    }

    @Test
    void negativeMinimumShorterSideIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ImageDecoder.decode(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, "x", 10, -1));
        assertEquals("minShorterSide must be >= 0, got -1", e.getMessage());
    }

    @Test
    void onlyTheSoiMarkerFollowedByAMarkerCountsAsJpeg() {
        assertTrue(ImageDecoder.isJpeg(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));
        assertTrue(!ImageDecoder.isJpeg(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertTrue(!ImageDecoder.isJpeg(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    }

    @Test
    void copyOfReadsInterleavedRgbFromMemory() {
        var segment = java.lang.foreign.MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6});
        RgbImage image = RgbImage.copyOf(2, 1, segment);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, image.toInterleavedRgb());
        assertThrows(IllegalArgumentException.class, () -> RgbImage.copyOf(3, 1, segment));
    }
}
