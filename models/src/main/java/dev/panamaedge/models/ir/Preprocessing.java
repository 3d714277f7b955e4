package dev.panamaedge.models.ir;

import java.util.Objects;

/**
 * How an image becomes the model's input tensor; recorded in the metadata sidecar so every engine and
 * front end feeds a model the same way.
 *
 * <p>Steps, in order: decode; convert to {@code colorOrder}; resize so the shorter side is
 * {@code round(size / cropFraction)} (bilinear), centre-crop to {@code height × width}; per channel
 * {@code value = (pixel - mean[c]) / scale[c]} with pixels in 0..255; store as {@code elementType}
 * (rounded and saturated for integer types) in {@code layout}.
 *
 * @param layout       {@code NCHW} or {@code NHWC}
 * @param colorOrder   {@code RGB} or {@code BGR}
 * @param width        crop width in pixels
 * @param height       crop height in pixels
 * @param cropFraction central fraction kept before resizing, in (0, 1]; 0.875 is the ImageNet convention
 * @param mean         per-channel mean on the 0..255 scale
 * @param scale        per-channel divisor on the 0..255 scale
 * @param elementType  input tensor element type (f32, u8 or i8)
 */
public record Preprocessing(String layout, String colorOrder, int width, int height, double cropFraction,
                            float[] mean, float[] scale, ElementType elementType) {
    public Preprocessing {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(colorOrder, "colorOrder");
        Objects.requireNonNull(elementType, "elementType");
        if (!layout.equals("NCHW") && !layout.equals("NHWC")) {
            throw new IllegalArgumentException("layout must be NCHW or NHWC, got " + layout);
        }
        if (!colorOrder.equals("RGB") && !colorOrder.equals("BGR")) {
            throw new IllegalArgumentException("colorOrder must be RGB or BGR, got " + colorOrder);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("cropFraction must be in (0, 1], got " + cropFraction);
        }
        if (mean.length != 3 || scale.length != 3) {
            throw new IllegalArgumentException("mean and scale need 3 channels, got " + mean.length + " and "
                    + scale.length);
        }
        for (float s : scale) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("scale must be positive, got " + java.util.Arrays.toString(scale));
            }
        }
        mean = mean.clone();
        scale = scale.clone();
    }

    /** torchvision / ONNX convention: NCHW f32 RGB, ImageNet mean and std. */
    public static Preprocessing imagenetTorchvision(int resolution) {
        return new Preprocessing("NCHW", "RGB", resolution, resolution, 0.875,
                new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f}, ElementType.F32);
    }

    /** Quantized TFLite convention: NHWC u8 RGB, raw pixels (the model holds its own input scale). */
    public static Preprocessing tfliteUint8(int resolution) {
        return new Preprocessing("NHWC", "RGB", resolution, resolution, 0.875,
                new float[] {0, 0, 0}, new float[] {1, 1, 1}, ElementType.U8);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && layout.equals(p.layout) && colorOrder.equals(p.colorOrder)
                && width == p.width && height == p.height && cropFraction == p.cropFraction
                && java.util.Arrays.equals(mean, p.mean) && java.util.Arrays.equals(scale, p.scale)
                && elementType == p.elementType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(layout, colorOrder, width, height, cropFraction, java.util.Arrays.hashCode(mean),
                java.util.Arrays.hashCode(scale), elementType);
    }

    @Override
    public String toString() {
        return "Preprocessing[" + layout + " " + colorOrder + " " + width + "x" + height + " crop " + cropFraction
                + " mean " + java.util.Arrays.toString(mean) + " scale " + java.util.Arrays.toString(scale) + " "
                + elementType.irName() + "]";
    }
}
