package dev.panamaedge.runtime.image;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Preprocessing;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The test oracle: preprocessing as it was before the fused kernels (commit b34afeb), kept verbatim in
 * substance and deliberately naive: it interpolates every output pixel from its four taps, normalizes into a
 * float array and converts with {@link Math#rint}. The fused path must produce exactly its bytes.
 */
final class LegacyPreprocessor {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private LegacyPreprocessor() {
    }

    /** One image as the bytes of a batch-of-one input tensor. */
    static byte[] tensorBytes(Preprocessing spec, RgbImage image) {
        float[] values = normalized(spec, image);
        ElementType type = spec.elementType();
        MemorySegment data = MemorySegment.ofArray(new byte[(int) type.byteSize(values.length)]);
        for (int i = 0; i < values.length; i++) {
            switch (type) {
                case F32 -> data.set(F32_LE, (long) i * Float.BYTES, values[i]);
                case U8 -> data.set(ValueLayout.JAVA_BYTE, i, (byte) saturate(values[i], 0, 255));
                case I8 -> data.set(ValueLayout.JAVA_BYTE, i, (byte) saturate(values[i], -128, 127));
                default -> throw new IllegalArgumentException(type.irName());
            }
        }
        return data.toArray(ValueLayout.JAVA_BYTE);
    }

    static float[] normalized(Preprocessing spec, RgbImage image) {
        boolean bgr = spec.colorOrder().equals("BGR");
        boolean nchw = spec.layout().equals("NCHW");
        float[] mean = spec.mean();
        float[] scale = spec.scale();
        float[] hwc = resizedCrop(spec, image);
        int plane = spec.height() * spec.width();
        float[] out = new float[hwc.length];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                float pixel = hwc[3 * p + (bgr ? 2 - c : c)];
                out[nchw ? c * plane + p : 3 * p + c] = (pixel - mean[c]) / scale[c];
            }
        }
        return out;
    }

    private static float[] resizedCrop(Preprocessing spec, RgbImage image) {
        int target = (int) Math.round(Math.max(spec.width(), spec.height()) / spec.cropFraction());
        int inW = image.width();
        int inH = image.height();
        long resizedW = inW <= inH ? target : (long) target * inW / inH;
        long resizedH = inW <= inH ? (long) target * inH / inW : target;
        int cropX = (int) Math.rint((resizedW - spec.width()) / 2.0);
        int cropY = (int) Math.rint((resizedH - spec.height()) / 2.0);
        return resizeWindow(image, (int) resizedW, (int) resizedH, cropX, cropY, spec.width(), spec.height());
    }

    static float[] resizeWindow(RgbImage image, int resizedWidth, int resizedHeight, int cropX, int cropY,
                                int cropWidth, int cropHeight) {
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
        float[] out = new float[cropWidth * cropHeight * 3];
        int o = 0;
        for (int y = 0; y < cropHeight; y++) {
            int top = y0[y] * inW;
            int bottom = y1[y] * inW;
            for (int x = 0; x < cropWidth; x++) {
                int a = 3 * (top + x0[x]);
                int b = 3 * (top + x1[x]);
                int c = 3 * (bottom + x0[x]);
                int d = 3 * (bottom + x1[x]);
                for (int ch = 0; ch < 3; ch++) {
                    float upper = lerp(src[a + ch] & 0xFF, src[b + ch] & 0xFF, wx[x]);
                    float lower = lerp(src[c + ch] & 0xFF, src[d + ch] & 0xFF, wx[x]);
                    out[o++] = lerp(upper, lower, wy[y]);
                }
            }
        }
        return out;
    }

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

    private static int saturate(float v, int min, int max) {
        if (Float.isNaN(v)) {
            return 0;
        }
        return (int) Math.max(min, Math.min(max, Math.rint(v)));
    }
}
