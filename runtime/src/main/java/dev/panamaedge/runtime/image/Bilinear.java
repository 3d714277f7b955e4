package dev.panamaedge.runtime.image;

/**
 * Bilinear resampling with half-pixel centres, the convention of OpenCV's {@code INTER_LINEAR} and
 * PyTorch's {@code interpolate(mode="bilinear", align_corners=False, antialias=False)}: output pixel
 * {@code o} samples the input at {@code (o + 0.5) · in/out − 0.5}, clamped to the image.
 *
 * <p>No antialiasing: a strong downscale (more than 2×) samples only the four nearest input pixels,
 * so it aliases where PIL's and torchvision's antialiased resize would average. Results stay in floats
 * (no rounding back to 8 bits as PIL does), so they can differ from PIL by up to half a grey level.
 */
final class Bilinear {
    private Bilinear() {
    }

    /**
     * Resizes {@code image} to {@code resizedWidth × resizedHeight} and returns only the window
     * {@code [cropX, cropX + cropWidth) × [cropY, cropY + cropHeight)} of the result, as interleaved RGB
     * floats in 0..255 ({@code (y · cropWidth + x) · 3 + c}). Pixels outside the window are never computed.
     */
    static float[] resizeWindow(RgbImage image, int resizedWidth, int resizedHeight,
                                int cropX, int cropY, int cropWidth, int cropHeight) {
        if (resizedWidth <= 0 || resizedHeight <= 0 || cropWidth <= 0 || cropHeight <= 0
                || cropX < 0 || cropY < 0 || cropX + cropWidth > resizedWidth || cropY + cropHeight > resizedHeight) {
            throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight + "+" + cropX + "+" + cropY
                    + " does not fit a " + resizedWidth + "x" + resizedHeight + " resize");
        }
        int inW = image.width();
        int inH = image.height();
        byte[] src = image.interleaved();
        int[] x0 = new int[cropWidth];
        int[] x1 = new int[cropWidth];
        float[] wx = new float[cropWidth];
        taps(inW, resizedWidth, cropX, x0, x1, wx);
        int[] y0 = new int[cropHeight];
        int[] y1 = new int[cropHeight];
        float[] wy = new float[cropHeight];
        taps(inH, resizedHeight, cropY, y0, y1, wy);

        float[] out = new float[Math.multiplyExact(Math.multiplyExact(cropWidth, cropHeight), 3)];
        int o = 0;
        for (int y = 0; y < cropHeight; y++) {
            int top = y0[y] * inW;
            int bottom = y1[y] * inW;
            float fy = wy[y];
            for (int x = 0; x < cropWidth; x++) {
                int a = 3 * (top + x0[x]);
                int b = 3 * (top + x1[x]);
                int c = 3 * (bottom + x0[x]);
                int d = 3 * (bottom + x1[x]);
                float fx = wx[x];
                for (int ch = 0; ch < 3; ch++) {
                    float upper = lerp(u8(src[a + ch]), u8(src[b + ch]), fx);
                    float lower = lerp(u8(src[c + ch]), u8(src[d + ch]), fx);
                    out[o++] = lerp(upper, lower, fy);
                }
            }
        }
        return out;
    }

    /** For each output index {@code start + i}: the two input indices and the weight of the second. */
    private static void taps(int inSize, int outSize, int start, int[] lo, int[] hi, float[] weight) {
        double ratio = (double) inSize / outSize;
        for (int i = 0; i < lo.length; i++) {
            double s = Math.max((start + i + 0.5) * ratio - 0.5, 0.0);
            int l = Math.min((int) s, inSize - 1);
            lo[i] = l;
            hi[i] = Math.min(l + 1, inSize - 1);
            weight[i] = (float) (s - l);
        }
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    private static float u8(byte v) {
        return v & 0xFF;
    }
}
