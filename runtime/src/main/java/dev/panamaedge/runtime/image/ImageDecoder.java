package dev.panamaedge.runtime.image;

import java.awt.color.CMMException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG, PNG, BMP (and whatever else {@code javax.imageio} reads, such as GIF) into an
 * {@link RgbImage}. Pure: no state, safe from any thread.
 *
 * <p>Colour handling: grayscale (8 or 16 bit) is replicated into three channels from the raw samples
 * (not through {@code getRGB}, which treats Java's gray colour space as linear and brightens it); alpha is
 * dropped, as PIL's {@code convert("RGB")} does; palettes are expanded; CMYK/YCCK JPEGs go through the
 * colour space ImageIO gives them, and a colour model it cannot read is rejected with a message saying so.
 *
 * <p>Rejected input always throws {@link ImageDecodeException} naming the source: empty data, an
 * unknown format, a decoder error, a decoder warning (libjpeg reports a truncated JPEG only as a warning
 * and fills the rest with gray; we refuse to classify half an image), and images with more than
 * {@link #DEFAULT_MAX_PIXELS} pixels, checked from the header before any pixel is decoded.
 *
 * <p>JPEG data (recognised by its SOI marker {@code FF D8 FF}, whatever the file name says) goes to the
 * process's {@link JpegDecoder} when one is installed ({@link #jpegBackend()}: native/'s TurboJPEG, found
 * through {@link ServiceLoader}), which keeps the same rules; JPEGs it does not handle (CMYK, YCCK) and every
 * other format go to ImageIO. Only a {@link JpegDecoder} can decode at a reduced DCT scale
 * ({@code minShorterSide}); ImageIO always decodes at full size, which satisfies any minimum.
 */
public final class ImageDecoder {
    /** 50 megapixels: above any camera an edge box sees, below what would exhaust a small heap. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    private ImageDecoder() {
    }

    /** Reads and decodes a file; the exception's source is the path. */
    public static RgbImage read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new ImageDecodeException(file.toString(), "is a directory, not an image file");
        }
        return decode(Files.readAllBytes(file), file.toString(), DEFAULT_MAX_PIXELS);
    }

    /**
     * Reads and decodes a file, a JPEG possibly at a reduced DCT scale whose shorter side is still at least
     * {@code minShorterSide} (see {@link #decode(byte[], String, long, int)}).
     */
    public static RgbImage read(Path file, int minShorterSide) throws IOException {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new ImageDecodeException(file.toString(), "is a directory, not an image file");
        }
        return decode(Files.readAllBytes(file), file.toString(), DEFAULT_MAX_PIXELS, minShorterSide);
    }

    /** Decodes encoded bytes with the default pixel limit; {@code source} names them in errors. */
    public static RgbImage decode(byte[] encoded, String source) {
        return decode(encoded, source, DEFAULT_MAX_PIXELS);
    }

    /**
     * Decodes encoded bytes.
     *
     * @param source    what to call the data in error messages (file name, request id)
     * @param maxPixels largest accepted {@code width × height}
     * @throws ImageDecodeException for anything that does not decode into a complete image
     */
    public static RgbImage decode(byte[] encoded, String source, long maxPixels) {
        return decode(encoded, source, maxPixels, 0);
    }

    /**
     * Decodes encoded bytes; a JPEG goes straight to the smallest DCT scale (1/2, 1/4, 1/8) whose shorter side
     * is still at least {@code minShorterSide}, when the installed {@link JpegDecoder} can (ImageIO cannot:
     * full size). Pass the resize target, {@link Preprocessor#resizedShorterSide()}, to skip decoding pixels
     * the resize would throw away; the result is never smaller than that target unless the image is.
     *
     * @param source         what to call the data in error messages (file name, request id)
     * @param maxPixels      largest accepted {@code width × height} of the full-size image
     * @param minShorterSide the least shorter side wanted; {@code 0} for full size
     * @throws ImageDecodeException for anything that does not decode into a complete image
     * @throws IllegalArgumentException if {@code minShorterSide} is negative
     */
    public static RgbImage decode(byte[] encoded, String source, long maxPixels, int minShorterSide) {
        return decode(encoded, source, maxPixels, minShorterSide, jpegBackend());
    }

    /**
     * Who decodes JPEG in this process: the first {@link JpegDecoderProvider} on the class path that opens a
     * decoder, or ImageIO with the reason. Looked up once; its {@link JpegBackend#description()} is the
     * one line a server prints at start-up.
     */
    public static JpegBackend jpegBackend() {
        return InstalledJpeg.BACKEND;
    }

    /**
     * {@link #decode(byte[], String, long, int)} with an explicit JPEG backend instead of the installed one:
     * {@code JpegBackend.imageIo(reason)} forces ImageIO (benchmarks compare the two; tests check the fallback).
     */
    public static RgbImage decode(byte[] encoded, String source, long maxPixels, int minShorterSide,
            JpegBackend jpeg) {
        Objects.requireNonNull(jpeg, "jpeg");
        Objects.requireNonNull(encoded, "encoded");
        Objects.requireNonNull(source, "source");
        if (minShorterSide < 0) {
            throw new IllegalArgumentException("minShorterSide must be >= 0, got " + minShorterSide);
        }
        if (encoded.length == 0) {
            throw new ImageDecodeException(source, "empty image data (0 bytes)");
        }
        if (isJpeg(encoded) && jpeg.decoder().isPresent()) {
            Optional<RgbImage> image = jpeg.decoder().get().decode(encoded, source, maxPixels, minShorterSide);
            if (image.isPresent()) {
                return image.get();
            }
        }
        return decodeWithImageIo(encoded, source, maxPixels);
    }

    /** JPEG's SOI marker followed by the first marker's {@code FF}. */
    static boolean isJpeg(byte[] data) {
        return data.length >= 3 && data[0] == (byte) 0xFF && data[1] == (byte) 0xD8 && data[2] == (byte) 0xFF;
    }

    /**
     * The encoded bytes as ImageIO's stream, cached in memory. {@code ImageIO.createImageInputStream} would cache in
     * a temporary file per image (ImageIO's default) and register it with ImageIO's shutdown hook, which closes it
     * under a decode still running in the drain ("cannot decode image: closed").
     */
    private static ImageInputStream inMemory(byte[] encoded) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded));
    }

    private static RgbImage decodeWithImageIo(byte[] encoded, String source, long maxPixels) {
        try (ImageInputStream in = inMemory(encoded)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException(source, "not a readable image (" + encoded.length
                        + " bytes; expected JPEG, PNG, BMP or GIF)");
            }
            ImageReader reader = readers.next();
            try {
                return decodeWith(reader, in, source, maxPixels);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO decoders signal corrupt data with IIOException but also with runtime exceptions
            // (IndexOutOfBounds, NegativeArraySize, CMMException); all of them mean "bad input" here.
            throw new ImageDecodeException(source, "cannot decode image: " + describe(e), e);
        }
    }

    private static RgbImage decodeWith(ImageReader reader, ImageInputStream in, String source, long maxPixels)
            throws IOException {
        reader.setInput(in, true, true);
        String format = reader.getFormatName();
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(source, format + " header gives an empty size " + width + "x" + height);
        }
        if (width * height > maxPixels) {
            throw new ImageDecodeException(source, format + " image is " + width + "x" + height + " = "
                    + width * height + " pixels, more than the limit of " + maxPixels);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (CMMException e) {
            throw new ImageDecodeException(source, "unsupported colour profile in " + format + ": "
                    + describe(e), e);
        } catch (IOException e) {
            String text = String.valueOf(e.getMessage());
            if (text.contains("Unsupported Image Type")) {
                throw new ImageDecodeException(source, format + " uses a colour model that cannot be"
                        + " converted to RGB (CMYK/YCCK JPEG?); re-save it as RGB", e);
            }
            throw e;
        }
        if (!warnings.isEmpty()) {
            throw new ImageDecodeException(source, "corrupt or truncated " + format + ": "
                    + String.join("; ", warnings));
        }
        if (image == null) {
            throw new ImageDecodeException(source, format + " decoder returned no image");
        }
        return toRgb(image);
    }

    /** Converts any decoded image to 8-bit RGB (see the class comment for the colour rules). */
    static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
                && buffer.getNumBanks() == 1 && buffer.getData().length == 3 * w * h) {
            // JPEG and 24-bit BMP land here: swap BGR to RGB without a per-pixel colour conversion.
            byte[] bgr = buffer.getData();
            byte[] rgb = new byte[bgr.length];
            for (int i = 0; i < bgr.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
            return RgbImage.adopt(w, h, rgb);
        }
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getColorModel().getNumColorComponents() == 1) {
            return grayToRgb(image.getRaster(), image.getColorModel().getComponentSize(0));
        }
        // Row by row: a whole-image getRGB would hold 4 more bytes per pixel (64 MB for a 16 MP RGBA PNG).
        byte[] rgb = new byte[Math.multiplyExact(3 * w, h)];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, i = 3 * y * w; x < w; x++, i += 3) {
                int p = row[x];
                rgb[i] = (byte) (p >>> 16);
                rgb[i + 1] = (byte) (p >>> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return RgbImage.adopt(w, h, rgb);
    }

    /**
     * An upper bound on the heap that decoding {@code encoded} holds at once, read from its header alone: the
     * decoder's raster (ImageIO's raw image type: bytes per pixel of its samples, 8 for 16-bit RGBA) plus the
     * 3-byte RGB result, per pixel of the full-size image. JPEG is counted as ImageIO decodes it (3 + 3), which
     * also covers a DCT-scaled TurboJPEG decode. 0 when the header cannot be read or the image is over
     * {@code maxPixels}: {@link #decode} then refuses it from the header, before any pixel is held.
     */
    public static long decodeHeapBytes(byte[] encoded, long maxPixels) {
        Objects.requireNonNull(encoded, "encoded");
        Optional<ImageHeaders.Header> header = ImageHeaders.read(encoded);
        if (header.isPresent()) {
            long pixels = header.get().pixels();
            return pixels > maxPixels ? 0 : pixels * (header.get().rasterBytesPerPixel() + 3);
        }
        return decodeHeapBytesByImageIo(encoded, maxPixels);
    }

    /** {@link #decodeHeapBytes} asking ImageIO's reader: any format it reads, at the cost of creating one. */
    static long decodeHeapBytesByImageIo(byte[] encoded, long maxPixels) {
        try (ImageInputStream in = inMemory(encoded)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return 0;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > maxPixels) {
                    return 0;
                }
                return pixels * (rasterBytesPerPixel(reader) + 3);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return 0; // unreadable header: decode() refuses it before holding any pixel
        }
    }

    private static long rasterBytesPerPixel(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            return 8; // the widest raster ImageIO makes (4 bands of 16 bits)
        }
        SampleModel model = type.getSampleModel();
        long element = DataBuffer.getDataTypeSize(model.getDataType()) / 8; // a 12-bit sample takes a short
        return switch (model) {
            case MultiPixelPackedSampleModel _ -> 1; // 1, 2 or 4 bits per pixel: at most a byte
            case SinglePixelPackedSampleModel _ -> element; // all bands in one int (or short)
            default -> model.getNumBands() * element; // one element per band
        };
    }

    private static RgbImage grayToRgb(Raster raster, int bits) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int max = (1 << bits) - 1;
        byte[] rgb = new byte[Math.multiplyExact(3 * w, h)];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                // Rescale 1/2/4/16-bit gray to 0..255 with rounding; 8-bit passes through unchanged.
                int v = bits == 8 ? row[x] : (int) ((row[x] * 255L + max / 2) / max);
                int i = 3 * (y * w + x);
                rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) v;
            }
        }
        return RgbImage.adopt(w, h, rgb);
    }

    /** Looked up on first use, so a process that never decodes a JPEG loads no native library. */
    private static final class InstalledJpeg {
        static final JpegBackend BACKEND = find();

        private static JpegBackend find() {
            try {
                return JpegBackend.select(ServiceLoader.load(JpegDecoderProvider.class));
            } catch (ServiceConfigurationError e) {
                return JpegBackend.imageIo("JPEG decoder providers cannot be loaded (" + e.getMessage()
                        + "); decoding JPEG with ImageIO");
            }
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
