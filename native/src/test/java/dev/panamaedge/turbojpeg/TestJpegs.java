package dev.panamaedge.turbojpeg;

import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.C_LONG;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.C_POINTER;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.TJPF_CMYK;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.TJSAMP_444;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjCompress2;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjDestroy;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjFree;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjGetErrorStr2;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjInitCompress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.testsupport.MissingData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** JPEG fixtures the shared photos do not cover, and the library the tests need (fail under CI if absent). */
final class TestJpegs {
    private TestJpegs() {
    }

    /** The process's TurboJPEG; outside CI a missing library skips the test, under CI it fails it. */
    static TurboJpeg library() {
        try {
            return TurboJpeg.load();
        } catch (TurboJpegUnavailableException e) {
            return MissingData.skipOrFail(e.getMessage() + " (CI installs libturbojpeg0 in .ci/run)");
        }
    }

    static BufferedImage imageIo(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            assertTrue(image != null, "ImageIO could not read the fixture");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JPEG written by ImageIO, baseline or progressive, of any BufferedImage (grayscale included). */
    static byte[] writeJpeg(BufferedImage image, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A CMYK JPEG, which ImageIO cannot write: tjCompress2 with TJPF_CMYK. */
    static byte[] cmykJpeg(int width, int height) {
        library();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment pixels = call.allocate((long) width * height * 4);
            for (int i = 0; i < width * height; i++) {
                pixels.set(ValueLayout.JAVA_BYTE, 4L * i, (byte) (i % width * 255 / width));
                pixels.set(ValueLayout.JAVA_BYTE, 4L * i + 1, (byte) 40);
                pixels.set(ValueLayout.JAVA_BYTE, 4L * i + 2, (byte) (i / width * 255 / height));
                pixels.set(ValueLayout.JAVA_BYTE, 4L * i + 3, (byte) 10);
            }
            MemorySegment handle = tjInitCompress();
            assertTrue(!handle.equals(MemorySegment.NULL), "tjInitCompress failed");
            MemorySegment jpegBuf = call.allocate(C_POINTER);
            MemorySegment jpegSize = call.allocate(C_LONG);
            try {
                int rc = tjCompress2(handle, pixels, width, 0, height, TJPF_CMYK(), jpegBuf, jpegSize, TJSAMP_444(), 90, 0);
                assertEquals(0, rc, () -> "tjCompress2: " + tjGetErrorStr2(handle).getString(0));
                MemorySegment jpeg = jpegBuf.get(C_POINTER, 0);
                try {
                    return jpeg.reinterpret(jpegSize.get(C_LONG, 0)).toArray(ValueLayout.JAVA_BYTE);
                } finally {
                    tjFree(jpeg);
                }
            } finally {
                tjDestroy(handle);
            }
        }
    }

    /** Mean absolute difference per channel between a decoded image and an ImageIO image of the same size. */
    static double meanAbsDifference(dev.panamaedge.runtime.image.RgbImage decoded, BufferedImage reference) {
        assertEquals(reference.getWidth(), decoded.width(), "width");
        assertEquals(reference.getHeight(), decoded.height(), "height");
        long sum = 0;
        for (int y = 0; y < decoded.height(); y++) {
            for (int x = 0; x < decoded.width(); x++) {
                int rgb = reference.getRGB(x, y);
                sum += Math.abs(decoded.sample(x, y, 0) - ((rgb >> 16) & 0xFF))
                        + Math.abs(decoded.sample(x, y, 1) - ((rgb >> 8) & 0xFF))
                        + Math.abs(decoded.sample(x, y, 2) - (rgb & 0xFF));
            }
        }
        return sum / (3.0 * decoded.width() * decoded.height());
    }
}
