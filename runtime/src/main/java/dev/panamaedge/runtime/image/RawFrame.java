package dev.panamaedge.runtime.image;

import java.util.Objects;

/**
 * Uncompressed pixels as a camera delivers them: {@code height} rows of {@code width} pixels in {@code format},
 * each row starting {@code stride} bytes after the previous one (rows may be padded, as cameras and DMA buffers
 * align them). The frame is {@code data[offset, offset + length)} (a message's bytes read in place). {@code data} is held,
 * not copied: the caller must not change it while the frame is in use.
 *
 * <p>The constructor checks everything the converter relies on, so a frame that exists can be converted; each
 * error names the value at fault.
 */
public record RawFrame(int width, int height, int stride, RawFormat format, byte[] data, int offset, int length) {
    public RawFrame {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(data, "data");
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("raw frame bytes [" + offset + ", " + offset + " + " + length
                    + ") are outside the " + data.length + " given");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("raw frame size must be positive, got " + width + "x" + height);
        }
        long least = (long) width * format.bytesPerPixel();
        if (stride < least) {
            throw new IllegalArgumentException("raw " + format + " frame " + width + "x" + height + ": stride " + stride
                    + " bytes is less than width x " + format.bytesPerPixel() + " = " + least + " bytes");
        }
        if (format == RawFormat.NV12 && (width % 2 != 0 || height % 2 != 0)) {
            throw new IllegalArgumentException("raw NV12 frame needs even width and height (4:2:0 chroma), got "
                    + width + "x" + height);
        }
        long need = stride * format.rows(height);
        if (length < need) {
            throw new IllegalArgumentException("raw " + format + " frame " + width + "x" + height + " with stride "
                    + stride + " needs " + need + " bytes (stride x " + format.rows(height) + " rows), got "
                    + length);
        }
    }

    /** A frame that is all of {@code data}. */
    public RawFrame(int width, int height, int stride, RawFormat format, byte[] data) {
        this(width, height, stride, format, data, 0, Objects.requireNonNull(data, "data").length);
    }

    /** A frame whose rows are not padded: stride {@code width × bytesPerPixel}. */
    public static RawFrame packed(int width, int height, RawFormat format, byte[] data) {
        return new RawFrame(width, height, Math.multiplyExact(width, format.bytesPerPixel()), format, data);
    }

    /** {@code width × height}. */
    public long pixels() {
        return (long) width * height;
    }

    @Override
    public String toString() {
        return "RawFrame[" + width + "x" + height + " " + format + ", stride " + stride + ", " + length
                + " bytes]";
    }
}
