package dev.panamaedge.runtime.image;

import java.util.Optional;

/**
 * A JPEG decoder that {@link ImageDecoder} uses instead of ImageIO for JPEG data, such as native/'s
 * TurboJPEG decoder. Installed through a {@link JpegDecoderProvider}; see {@link ImageDecoder#jpegBackend()}.
 *
 * <p>Implementations are thread-safe and keep {@link ImageDecoder}'s rules: the pixel limit is checked from
 * the header before any pixel is decoded, and truncated or corrupt data (a decoder warning included) is an
 * {@link ImageDecodeException} naming {@code source}, never a crash.
 */
public interface JpegDecoder {
    /** What decodes, for a start-up line, e.g. {@code TurboJPEG (libjpeg-turbo 2.1.5) from /usr/lib/…}. */
    String description();

    /**
     * Decodes a JPEG to RGB, reduced in the DCT domain to the smallest supported scale whose shorter side is
     * still at least {@code minShorterSide} (full size when {@code minShorterSide <= 0} or no reduction keeps
     * it). Grayscale JPEGs come back with the gray level in all three channels.
     *
     * @param jpeg           the encoded data; {@link ImageDecoder} passes only data starting with a JPEG SOI marker
     * @param source         names the data in error messages
     * @param maxPixels      largest accepted {@code width × height} of the full-size image, checked from the header
     * @param minShorterSide the shorter side the caller needs at least, e.g.
     *                       {@link Preprocessor#resizedShorterSide()}; {@code 0} for full size
     * @return the image, or empty when this decoder does not handle this JPEG (CMYK, YCCK): the caller then
     *         decodes it with ImageIO
     * @throws ImageDecodeException for data that does not decode into a complete image, or too many pixels
     */
    Optional<RgbImage> decode(byte[] jpeg, String source, long maxPixels, int minShorterSide);
}
