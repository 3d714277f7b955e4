package dev.panamaedge.models.ir;

/**
 * How a u8/i8 model output maps back to real values: {@code real = scale × (code − zeroPoint)}, as TFLite
 * quantizes tensors. Recorded in the metadata sidecar as {@code outputQuantization}.
 *
 * @param scale     the real value of one code step, positive and finite (1/256 for a TFLite u8 softmax)
 * @param zeroPoint the code that stands for real 0 (0 for a TFLite u8 softmax, −128 for an i8 one)
 */
public record OutputQuantization(double scale, int zeroPoint) {
    public OutputQuantization {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("outputQuantization.scale must be positive and finite, got " + scale);
        }
    }

    /** The real value of {@code code}. */
    public double dequantize(double code) {
        return scale * (code - zeroPoint);
    }
}
