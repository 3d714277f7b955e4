package dev.panamaedge.turbojpeg;

import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.TJCS_GRAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.image.ImageDecodeException;
import dev.panamaedge.runtime.image.RgbImage;
import dev.panamaedge.testsupport.SharedPhotos;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

final class TurboJpegDecoderTest {
    private static final long MAX = 50_000_000L;

    @Test
    void sharedPhotosDecodeAsImageIoDoesWithinALevel() {
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder()) {
            for (String name : List.of("cat_720p.jpg", "hot_dog.jpg", "owl.jpg", "parrot.jpg", "pets.jpg")) {
                byte[] jpeg = SharedPhotos.bytes(name);
                RgbImage image = decoder.decode(jpeg, name, MAX, 0).orElseThrow();
                double diff = TestJpegs.meanAbsDifference(image, TestJpegs.imageIo(jpeg));
                assertTrue(diff < 1.0, name + ": mean abs difference to ImageIO " + diff);
            }
        }
    }

    @Test
    void scaledDecodeTakesTheSmallestPowerOfTwoScaleThatCoversTheShorterSide() {
        byte[] cat = SharedPhotos.bytes("cat_720p.jpg"); // 1280x720
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder()) {
            int[][] cases = { // minShorterSide, expected width, expected height
                {0, 1280, 720}, {720, 1280, 720}, {721, 1280, 720}, {361, 1280, 720}, {360, 640, 360},
                {256, 640, 360}, {181, 640, 360}, {180, 320, 180}, {91, 320, 180}, {90, 160, 90}, {1, 160, 90}};
            for (int[] c : cases) {
                RgbImage image = decoder.decode(cat, "cat", MAX, c[0]).orElseThrow();
                assertEquals(c[1] + "x" + c[2], image.width() + "x" + image.height(), "minShorterSide " + c[0]);
            }
        }
    }

    @Test
    void scaledDecodeLooksLikeTheFullImageAveragedDown() {
        byte[] cat = SharedPhotos.bytes("cat_720p.jpg");
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder()) {
            RgbImage full = decoder.decode(cat, "cat", MAX, 0).orElseThrow();
            for (int factor : new int[] {2, 4, 8}) {
                RgbImage scaled = decoder.decode(cat, "cat", MAX, 720 / factor).orElseThrow();
                assertEquals(1280 / factor, scaled.width());
                double diff = boxDifference(full, scaled, factor);
                assertTrue(diff < 4.0, "1/" + factor + ": mean abs difference to the box-averaged full image " + diff);
            }
        }
    }

    private static double boxDifference(RgbImage full, RgbImage scaled, int factor) {
        long sum = 0;
        for (int y = 0; y < scaled.height(); y++) {
            for (int x = 0; x < scaled.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    int box = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        for (int dx = 0; dx < factor; dx++) {
                            box += full.sample(x * factor + dx, y * factor + dy, c);
                        }
                    }
                    sum += Math.abs(scaled.sample(x, y, c) - Math.round(box / (float) (factor * factor)));
                }
            }
        }
        return sum / (3.0 * scaled.width() * scaled.height());
    }

    @Test
    void grayscaleJpegExpandsToThreeEqualChannelsAsImageIoReadsIt() {
        BufferedImage gray = new BufferedImage(97, 61, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 61; y++) {
            for (int x = 0; x < 97; x++) {
                gray.getRaster().setSample(x, y, 0, (x * 3 + y * 5) % 256);
            }
        }
        byte[] jpeg = TestJpegs.writeJpeg(gray, false);
        BufferedImage reference = TestJpegs.imageIo(jpeg);
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder()) {
            assertEquals(TJCS_GRAY(), decoder.header(jpeg, "gray").colorspace());
            RgbImage image = decoder.decode(jpeg, "gray.jpg", MAX, 0).orElseThrow();
            long diff = 0;
            for (int y = 0; y < 61; y++) {
                for (int x = 0; x < 97; x++) {
                    assertEquals(image.sample(x, y, 0), image.sample(x, y, 1));
                    assertEquals(image.sample(x, y, 0), image.sample(x, y, 2));
                    diff += Math.abs(image.sample(x, y, 0) - reference.getRaster().getSample(x, y, 0));
                }
            }
            assertTrue(diff / (97.0 * 61) < 1.0, "gray levels differ from ImageIO's by " + diff / (97.0 * 61));
        }
    }

    @Test
    void progressiveJpegDecodesFullAndScaled() {
        BufferedImage photo = TestJpegs.imageIo(SharedPhotos.bytes("hot_dog.jpg")); // 512x384
        byte[] progressive = TestJpegs.writeJpeg(photo, true);
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder()) {
            RgbImage full = decoder.decode(progressive, "progressive.jpg", MAX, 0).orElseThrow();
            assertTrue(TestJpegs.meanAbsDifference(full, TestJpegs.imageIo(progressive)) < 1.0);
            RgbImage quarter = decoder.decode(progressive, "progressive.jpg", MAX, 96).orElseThrow();
            assertEquals("128x96", quarter.width() + "x" + quarter.height());
        }
    }

    @Test
    void cmykJpegIsLeftToImageIo() {
        byte[] cmyk = TestJpegs.cmykJpeg(32, 24);
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder()) {
            assertTrue(decoder.header(cmyk, "cmyk").isCmyk());
            assertTrue(decoder.decode(cmyk, "cmyk.jpg", MAX, 0).isEmpty());
        }
    }

    @Test
    void truncatedJpegsAreRejectedNamingTheSource() {
        byte[] cat = SharedPhotos.bytes("cat_720p.jpg");
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder()) {
            for (int length : new int[] {2, 3, 20, 200, 2000, cat.length / 2, cat.length - 2}) {
                byte[] cut = Arrays.copyOf(cat, length);
                var e = assertThrows(ImageDecodeException.class, () -> decoder.decode(cut, "cut-" + length, MAX, 0),
                        "truncated to " + length + " bytes");
                assertEquals("cut-" + length, e.source());
                assertTrue(e.getMessage().startsWith("cut-" + length + ": "), e.getMessage());
            }
            var half = assertThrows(ImageDecodeException.class,
                    () -> decoder.decode(Arrays.copyOf(cat, cat.length / 2), "half", MAX, 180));
            assertTrue(half.getMessage().contains("corrupt or truncated JPEG"), half.getMessage());
        }
    }

    @Test
    void aRejectedJpegLeavesTheDecoderAbleToDecodeTheNextOne() {
        byte[] owl = SharedPhotos.bytes("owl.jpg");
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder()) {
            byte[] expected = decoder.decode(owl, "owl", MAX, 0).orElseThrow().toInterleavedRgb();
            int before = TurboJpegDecoder.liveHandles();
            byte[] badHeader = Arrays.copyOf(owl, 300);
            badHeader[2] = (byte) 0xFF; // the first marker after SOI becomes the undefined 0xFD
            badHeader[3] = (byte) 0xFD;
            assertThrows(ImageDecodeException.class, () -> decoder.decode(badHeader, "bad header", MAX, 0));
            assertThrows(ImageDecodeException.class, () -> decoder.decode(Arrays.copyOf(owl, owl.length / 3),
                    "truncated", MAX, 0));
            assertEquals(before - 1, TurboJpegDecoder.liveHandles(), "the failed call's handle was destroyed");
            assertArrayEquals(expected, decoder.decode(owl, "owl", MAX, 0).orElseThrow().toInterleavedRgb());
            assertEquals(3, decoder.handlesCreated());
        }
    }

    @Test
    void pixelLimitIsCheckedFromTheHeaderBeforeAnyPixelIsDecoded() {
        byte[] cat = SharedPhotos.bytes("cat_720p.jpg");
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder()) {
            var e = assertThrows(ImageDecodeException.class, () -> decoder.decode(cat, "cat", 921_599, 0));
            assertEquals("cat: JPEG image is 1280x720 = 921600 pixels, more than the limit of 921599", e.getMessage());
            // A header claiming 60000x60000 with almost no data: the limit answers, not a 10 GB buffer or a
            // truncation error, so the limit was checked before decoding started.
            byte[] bomb = withSize(Arrays.copyOf(cat, 1000), 60000, 60000);
            var b = assertThrows(ImageDecodeException.class, () -> decoder.decode(bomb, "bomb", MAX, 0));
            assertTrue(b.getMessage().contains("60000x60000 = 3600000000 pixels, more than the limit"), b.getMessage());
        }
    }

    /** Rewrites the SOF0 frame size of a baseline JPEG. */
    private static byte[] withSize(byte[] jpeg, int width, int height) {
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new AssertionError("no SOF0 marker in the first " + jpeg.length + " bytes");
    }

    @Test
    void closedDecoderRejectsEveryCallAndClosesOnce() {
        byte[] jpeg = SharedPhotos.bytes("owl.jpg");
        int before = TurboJpegDecoder.liveHandles();
        TurboJpegDecoder decoder = TestJpegs.library().newDecoder();
        decoder.decode(jpeg, "owl", MAX, 0).orElseThrow();
        assertEquals(before + 1, TurboJpegDecoder.liveHandles());
        decoder.close();
        decoder.close();
        assertEquals(before, TurboJpegDecoder.liveHandles(), "tjDestroy ran for the decoder's handle");
        var e = assertThrows(IllegalStateException.class, () -> decoder.decode(jpeg, "owl", MAX, 0));
        assertEquals("TurboJpegDecoder is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> decoder.header(jpeg, "owl"));
    }

    @Test
    void concurrentCallsShareAPoolOfAtMostOneHandlePerThread() throws Exception {
        byte[] jpeg = SharedPhotos.bytes("hot_dog.jpg");
        int threads = 4;
        try (TurboJpegDecoder decoder = TestJpegs.library().newDecoder();
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            byte[] expected = decoder.decode(jpeg, "hot_dog", MAX, 0).orElseThrow().toInterleavedRgb();
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    boolean same = true;
                    for (int i = 0; i < 25; i++) {
                        same &= Arrays.equals(expected, decoder.decode(jpeg, "hot_dog", MAX, 0).orElseThrow()
                                .toInterleavedRgb());
                    }
                    return same;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(), "a concurrent decode differed from the single-threaded one");
            }
            assertTrue(decoder.handlesCreated() <= threads, "handles: " + decoder.handlesCreated());
        }
    }
}
