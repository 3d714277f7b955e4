package dev.panamaedge.runtime.image;

import java.util.Arrays;
import java.util.Locale;

/**
 * The pixel layouts raw camera frames arrive in: 8 bits per sample, rows {@code stride} bytes apart.
 * {@link #NV12} is 4:2:0 YUV, a full-resolution Y plane followed by a half-resolution plane of interleaved U, V
 * pairs, both with the same stride (as V4L2, GStreamer and OpenCV lay it out).
 */
public enum RawFormat {
    RGB(3),
    BGR(3),
    GRAY(1),
    NV12(1);

    private final int bytesPerPixel;

    RawFormat(int bytesPerPixel) {
        this.bytesPerPixel = bytesPerPixel;
    }

    /** Bytes per pixel in a row of the (first) plane: the least stride is {@code width × bytesPerPixel}. */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /** Rows of {@code stride} bytes a frame of this height holds: NV12 adds half as many chroma rows. */
    public long rows(int height) {
        return this == NV12 ? height + height / 2L : height;
    }

    /**
     * The format named {@code name}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the formats there are
     */
    public static RawFormat parse(String name) {
        for (RawFormat f : values()) {
            if (f.name().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown raw frame format '" + name + "'; formats: "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
