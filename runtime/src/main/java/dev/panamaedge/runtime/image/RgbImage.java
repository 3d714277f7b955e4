package dev.panamaedge.runtime.image;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A decoded 8-bit RGB image: {@code width × height} pixels, stored row-major and interleaved
 * ({@code r, g, b, r, g, b, …}).
 *
 * <p>Immutable: the factories copy their input and the accessors never expose the array. A final class
 * rather than a record because a record would have to copy the pixel array on every access, and the
 * resize loop reads it directly (package-private {@link #interleaved()}).
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] rgb;

    private RgbImage(int width, int height, byte[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /**
     * An image from interleaved RGB bytes (copied).
     *
     * @throws IllegalArgumentException if a side is not positive or the array is not {@code 3·w·h} long
     */
    public static RgbImage of(int width, int height, byte[] rgb) {
        Objects.requireNonNull(rgb, "rgb");
        return new RgbImage(width, height, checkedCopy(width, height, rgb));
    }

    /**
     * An image from packed {@code 0xAARRGGBB} pixels (as {@code BufferedImage.getRGB} returns them); the
     * alpha byte is dropped, as PIL's {@code convert("RGB")} does.
     */
    public static RgbImage ofArgb(int width, int height, int[] argb) {
        Objects.requireNonNull(argb, "argb");
        requirePositive(width, height);
        if (argb.length != (long) width * height) {
            throw new IllegalArgumentException(width + "x" + height + " image needs " + (long) width * height
                    + " pixels, got " + argb.length);
        }
        byte[] rgb = new byte[Math.multiplyExact(argb.length, 3)];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            rgb[3 * i] = (byte) (p >>> 16);
            rgb[3 * i + 1] = (byte) (p >>> 8);
            rgb[3 * i + 2] = (byte) p;
        }
        return new RgbImage(width, height, rgb);
    }

    /**
     * An image from interleaved RGB bytes in memory a native decoder wrote (copied once, into the image).
     *
     * @throws IllegalArgumentException if a side is not positive or the segment is not {@code 3·w·h} bytes
     */
    public static RgbImage copyOf(int width, int height, MemorySegment rgb) {
        Objects.requireNonNull(rgb, "rgb");
        requirePositive(width, height);
        if (rgb.byteSize() != 3L * width * height) {
            throw new IllegalArgumentException(width + "x" + height + " RGB image needs " + 3L * width * height
                    + " bytes, got " + rgb.byteSize());
        }
        byte[] copy = new byte[Math.multiplyExact(Math.multiplyExact(3, width), height)];
        MemorySegment.copy(rgb, ValueLayout.JAVA_BYTE, 0, copy, 0, copy.length);
        return new RgbImage(width, height, copy);
    }

    /** Wraps an array the caller hands over and never touches again (decoder use only). */
    static RgbImage adopt(int width, int height, byte[] rgb) {
        requireSize(width, height, rgb);
        return new RgbImage(width, height, rgb);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Channel {@code c} (0 = red, 1 = green, 2 = blue) of pixel {@code (x, y)}, in 0..255. */
    public int sample(int x, int y, int c) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        Objects.checkIndex(c, 3);
        return Byte.toUnsignedInt(rgb[3 * (y * width + x) + c]);
    }

    /** A copy of the interleaved RGB bytes. */
    public byte[] toInterleavedRgb() {
        return rgb.clone();
    }

    /** The backing array itself; callers in this package only read it. */
    byte[] interleaved() {
        return rgb;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }

    private static byte[] checkedCopy(int width, int height, byte[] rgb) {
        requireSize(width, height, rgb);
        return rgb.clone();
    }

    private static void requireSize(int width, int height, byte[] rgb) {
        requirePositive(width, height);
        if (rgb.length != 3L * width * height) {
            throw new IllegalArgumentException(width + "x" + height + " RGB image needs " + 3L * width * height
                    + " bytes, got " + rgb.length);
        }
    }

    private static void requirePositive(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }
}
