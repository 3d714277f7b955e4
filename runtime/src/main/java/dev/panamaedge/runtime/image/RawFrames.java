package dev.panamaedge.runtime.image;

import java.util.Optional;

/**
 * Converts {@link RawFrame}s to interleaved {@link RgbImage}s, honouring the stride. Pure and thread-safe.
 *
 * <p>NV12 uses BT.601 <em>limited</em> ("video") range, Y in 16..235 and U, V in 16..240, which is what cameras,
 * V4L2 and hardware video decoders emit for standard-definition and most IP camera streams, and what OpenCV's
 * {@code COLOR_YUV2RGB_NV12} assumes. The arithmetic is OpenCV's fixed-point form (coefficients scaled by 2^20,
 * rounded), so a frame converted here is bit-exact with {@code cv2.cvtColor(yuv, cv2.COLOR_YUV2RGB_NV12)}:
 * R = 1.164(Y−16) + 1.596(V−128), G = 1.164(Y−16) − 0.813(V−128) − 0.391(U−128), B = 1.164(Y−16) + 2.018(U−128).
 * Each 2×2 block of pixels shares the U, V pair of its chroma sample (no chroma interpolation, as OpenCV).
 */
public final class RawFrames {
    private static final int SHIFT = 20;
    private static final int HALF = 1 << (SHIFT - 1);
    private static final int CY = 1220542;
    private static final int CUB = 2116026;
    private static final int CUG = -409993;
    private static final int CVG = -852492;
    private static final int CVR = 1673527;

    private RawFrames() {
    }

    /**
     * The frame as RGB.
     *
     * @throws IllegalArgumentException when the frame has more than {@code maxPixels} pixels
     */
    public static RgbImage toRgb(RawFrame frame, long maxPixels) {
        checkPixels(frame, maxPixels);
        byte[] rgb = new byte[Math.toIntExact(3 * frame.pixels())];
        switch (frame.format()) {
            case RGB -> rgbRows(frame, rgb);
            case BGR -> bgrRows(frame, rgb);
            case GRAY -> grayRows(frame, rgb);
            case NV12 -> nv12(frame, rgb);
        }
        return RgbImage.adopt(frame.width(), frame.height(), rgb);
    }

    /**
     * An RGB or BGR frame as the {@link InterleavedFrame} it already is, for the preprocessing to read in place
     * (no conversion pass, no copy); empty for GRAY and NV12, which need {@link #toRgb}.
     *
     * @throws IllegalArgumentException when the frame has more than {@code maxPixels} pixels
     */
    public static Optional<InterleavedFrame> inPlace(RawFrame frame, long maxPixels) {
        checkPixels(frame, maxPixels);
        return switch (frame.format()) {
            case RGB, BGR -> Optional.of(new InterleavedFrame(frame.data(), frame.offset(), frame.width(),
                    frame.height(), frame.stride(), frame.format() == RawFormat.BGR));
            case GRAY, NV12 -> Optional.empty();
        };
    }

    private static void checkPixels(RawFrame frame, long maxPixels) {
        if (frame.pixels() > maxPixels) {
            throw new IllegalArgumentException("raw frame is " + frame.width() + "x" + frame.height() + " = "
                    + frame.pixels() + " pixels, more than the limit of " + maxPixels);
        }
    }

    private static void rgbRows(RawFrame f, byte[] rgb) {
        int row = 3 * f.width();
        for (int y = 0; y < f.height(); y++) {
            System.arraycopy(f.data(), f.offset() + y * f.stride(), rgb, y * row, row);
        }
    }

    private static void bgrRows(RawFrame f, byte[] rgb) {
        byte[] src = f.data();
        int o = 0;
        for (int y = 0; y < f.height(); y++) {
            int s = f.offset() + y * f.stride();
            for (int x = 0; x < f.width(); x++, s += 3, o += 3) {
                rgb[o] = src[s + 2];
                rgb[o + 1] = src[s + 1];
                rgb[o + 2] = src[s];
            }
        }
    }

    private static void grayRows(RawFrame f, byte[] rgb) {
        byte[] src = f.data();
        int o = 0;
        for (int y = 0; y < f.height(); y++) {
            int s = f.offset() + y * f.stride();
            for (int x = 0; x < f.width(); x++, o += 3) {
                byte v = src[s + x];
                rgb[o] = v;
                rgb[o + 1] = v;
                rgb[o + 2] = v;
            }
        }
    }

    private static void nv12(RawFrame f, byte[] rgb) {
        byte[] src = f.data();
        int w = f.width();
        int stride = f.stride();
        int uvPlane = f.offset() + stride * f.height();
        for (int y = 0; y < f.height(); y++) {
            int yRow = f.offset() + y * stride;
            int uvRow = uvPlane + (y >> 1) * stride;
            int o = 3 * y * w;
            for (int x = 0; x < w; x += 2, o += 6) {
                int u = (src[uvRow + x] & 0xFF) - 128;
                int v = (src[uvRow + x + 1] & 0xFF) - 128;
                int ruv = HALF + CVR * v;
                int guv = HALF + CVG * v + CUG * u;
                int buv = HALF + CUB * u;
                pixel(src[yRow + x], ruv, guv, buv, rgb, o);
                pixel(src[yRow + x + 1], ruv, guv, buv, rgb, o + 3);
            }
        }
    }

    private static void pixel(byte luma, int ruv, int guv, int buv, byte[] rgb, int o) {
        int yy = Math.max(0, (luma & 0xFF) - 16) * CY;
        rgb[o] = clamp((yy + ruv) >> SHIFT);
        rgb[o + 1] = clamp((yy + guv) >> SHIFT);
        rgb[o + 2] = clamp((yy + buv) >> SHIFT);
    }

    private static byte clamp(int v) {
        return (byte) Math.clamp(v, 0, 255);
    }
}
