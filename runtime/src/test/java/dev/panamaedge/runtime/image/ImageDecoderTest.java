package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ImageDecoderTest {

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        var out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no ImageIO writer for " + format);
        return out.toByteArray();
    }

    private static BufferedImage noise(int w, int h, long seed) {
        var image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var random = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    @Test
    void pngAndBmpRoundTripExactly() throws IOException {
        BufferedImage source = noise(5, 3, 1);
        for (String format : new String[] {"png", "bmp"}) {
            RgbImage img = ImageDecoder.decode(encode(source, format), "noise." + format);
            assertEquals(5, img.width());
            assertEquals(3, img.height());
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    int rgb = source.getRGB(x, y);
                    assertEquals((rgb >> 16) & 0xFF, img.sample(x, y, 0), format + " red at " + x + "," + y);
                    assertEquals((rgb >> 8) & 0xFF, img.sample(x, y, 1), format + " green at " + x + "," + y);
                    assertEquals(rgb & 0xFF, img.sample(x, y, 2), format + " blue at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void jpegOfAFlatColourDecodesCloseToIt() throws IOException {
        var image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, 0x2080C0);
            }
        }
        RgbImage img = ImageDecoder.decode(encode(image, "jpg"), "flat.jpg");
        assertEquals(0x20, img.sample(7, 7, 0), 3);
        assertEquals(0x80, img.sample(7, 7, 1), 3);
        assertEquals(0xC0, img.sample(7, 7, 2), 3);
    }

    @Test
    void grayscaleKeepsItsRawLevels() throws IOException {
        var gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 128);
        gray.getRaster().setSample(1, 0, 0, 7);
        RgbImage img = ImageDecoder.decode(encode(gray, "png"), "gray.png");
        assertArrayEquals(new byte[] {(byte) 128, (byte) 128, (byte) 128, 7, 7, 7}, img.toInterleavedRgb());
    }

    @Test
    void sixteenBitGrayIsRescaledTo8Bits() throws IOException {
        var gray = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 65535);
        gray.getRaster().setSample(1, 0, 0, 128 * 257);
        RgbImage img = ImageDecoder.decode(encode(gray, "png"), "gray16.png");
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 128, (byte) 128, (byte) 128},
                img.toInterleavedRgb());
    }

    @Test
    void alphaIsDropped() throws IOException {
        var argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x40102030);
        RgbImage img = ImageDecoder.decode(encode(argb, "png"), "alpha.png");
        assertArrayEquals(new byte[] {0x10, 0x20, 0x30}, img.toInterleavedRgb());
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws IOException {
        // A 4-channel raster written by ImageIO's JPEG writer is an Adobe CMYK JPEG, as print workflows make.
        var raster = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 8, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                for (int b = 0; b < 4; b++) {
                    raster.setSample(x, y, b, x * 30);
                }
            }
        }
        var out = new ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        RgbImage img = ImageDecoder.decode(out.toByteArray(), "cmyk.jpg");
        assertEquals(8, img.width());
        assertEquals(8, img.height());
        // Adobe CMYK JPEGs store ink inverted (0 = full ink): sample 0 in all four channels is black, 210
        // (about 18 % ink) is a light grey.
        for (int c = 0; c < 3; c++) {
            assertTrue(img.sample(0, 4, c) < 20, "channel " + c + " at x=0: " + img.sample(0, 4, c));
            assertTrue(img.sample(7, 4, c) > 150, "channel " + c + " at x=7: " + img.sample(7, 4, c));
        }
    }

    @Test
    void emptyDataIsRejected() {
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(new byte[0], "empty.jpg"));
        assertEquals("empty.jpg: empty image data (0 bytes)", e.getMessage());
        assertEquals("empty.jpg", e.source());
    }

    @Test
    void randomBytesAreRejected() {
        byte[] junk = new byte[1000];
        new Random(7).nextBytes(junk);
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(junk, "junk.bin"));
        assertEquals("junk.bin: not a readable image (1000 bytes; expected JPEG, PNG, BMP or GIF)", e.getMessage());
    }

    @Test
    void truncatedJpegIsRejected() throws IOException {
        byte[] jpeg = encode(noise(64, 64, 2), "jpg");
        byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(half, "half.jpg"));
        assertTrue(e.getMessage().startsWith("half.jpg: "), e.getMessage());
    }

    @Test
    void truncatedPngIsRejected() throws IOException {
        byte[] png = encode(noise(64, 64, 3), "png");
        byte[] half = Arrays.copyOf(png, png.length / 2);
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(half, "half.png"));
        assertTrue(e.getMessage().startsWith("half.png: "), e.getMessage());
    }

    @Test
    void truncatedBmpIsRejected() throws IOException {
        byte[] bmp = encode(noise(64, 64, 4), "bmp");
        byte[] half = Arrays.copyOf(bmp, bmp.length / 2);
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(half, "half.bmp"));
        assertTrue(e.getMessage().startsWith("half.bmp: "), e.getMessage());
    }

    @Test
    void corruptJpegBodyIsRejected() throws IOException {
        byte[] jpeg = encode(noise(64, 64, 5), "jpg");
        // Keep the headers, overwrite the entropy-coded data with markers that cannot occur there.
        for (int i = jpeg.length / 2; i < jpeg.length - 2; i += 2) {
            jpeg[i] = (byte) 0xFF;
            jpeg[i + 1] = (byte) 0xD9;
        }
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(jpeg, "corrupt.jpg"));
    }

    @Test
    void pixelLimitIsCheckedBeforeDecoding() throws IOException {
        byte[] png = encode(noise(10, 10, 6), "png");
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(png, "big.png", 99));
        assertEquals("big.png: png image is 10x10 = 100 pixels, more than the limit of 99", e.getMessage());
        assertEquals(10, ImageDecoder.decode(png, "ok.png", 100).width());
    }

    @Test
    void headerClaimingGiganticSizeIsRejectedWithoutAllocating() {
        // A PNG signature and IHDR chunk claiming 100000 x 100000 pixels, and no pixel data at all.
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        var crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(png.array(), "huge.png"));
        assertEquals("huge.png: png image is 100000x100000 = 10000000000 pixels, more than the limit of "
                + ImageDecoder.DEFAULT_MAX_PIXELS, e.getMessage());
    }

    @Test
    void missingFileThrowsIoException(@TempDir Path dir) {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ImageDecoder.read(dir.resolve("absent.jpg")));
    }

    @Test
    void directoryIsNotAnImage(@TempDir Path dir) {
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(dir));
        assertEquals(dir + ": is a directory, not an image file", e.getMessage());
    }

    @Test
    void fileErrorsNameThePath(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("broken.png");
        Files.write(bad, new byte[] {1, 2, 3});
        var e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(bad));
        assertEquals(bad.toString(), e.source());
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
    }
}
