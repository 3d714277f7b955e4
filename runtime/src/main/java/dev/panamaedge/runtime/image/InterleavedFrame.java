package dev.panamaedge.runtime.image;

import java.util.Objects;

/**
 * A view of 8-bit three-channel pixels in a caller's array, as cameras and decoders deliver them: pixel
 * {@code (x, y)} is the three bytes from {@code offset + y · rowStride + 3x}, in RGB or BGR order. Rows may be
 * padded ({@code rowStride > 3 · width}). {@link Preprocessor#writeInto(InterleavedFrame, java.lang.foreign.MemorySegment, long)}
 * reads it in place, and a BGR frame costs no reorder pass: the swap is folded into the sampling plan.
 *
 * <p>Not a copy: the caller must not change the array while a preprocessing call reads it.
 *
 * @param pixels    the array holding the frame
 * @param offset    index of pixel (0, 0)
 * @param width     pixels per row
 * @param height    rows
 * @param rowStride bytes from one row to the next, at least {@code 3 · width}
 * @param bgr       true for blue, green, red byte order; false for red, green, blue
 */
public record InterleavedFrame(byte[] pixels, int offset, int width, int height, int rowStride, boolean bgr) {
    /**
     * @throws IllegalArgumentException if a size is not positive, the stride is shorter than a row, or the
     *                                  last row ends past the array
     */
    public InterleavedFrame {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (rowStride < 3L * width) {
            throw new IllegalArgumentException("row stride " + rowStride + " is shorter than a " + width
                    + "-pixel row (" + 3L * width + " bytes)");
        }
        long end = offset + (long) rowStride * (height - 1) + 3L * width;
        if (offset < 0 || end > pixels.length) {
            throw new IllegalArgumentException(width + "x" + height + " frame with row stride " + rowStride
                    + " at offset " + offset + " needs " + end + " bytes, the array has " + pixels.length);
        }
    }

    /** The frame of an {@link RgbImage}: its own array, rows unpadded, RGB. */
    static InterleavedFrame of(RgbImage image) {
        return new InterleavedFrame(image.interleaved(), 0, image.width(), image.height(), 3 * image.width(), false);
    }
}
