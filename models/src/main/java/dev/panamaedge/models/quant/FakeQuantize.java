package dev.panamaedge.models.quant;

/**
 * The FakeQuantize op of OpenVINO's opset1 specification, element by element, and the quantization
 * parameters our quantizer derives from a range.
 *
 * <p>Spec: {@code x <= min(il, ih) → ol}; {@code x > max(il, ih) → oh}; otherwise
 * {@code round((x - il) / (ih - il) * (levels - 1)) / (levels - 1) * (oh - ol) + ol}. Arithmetic is in
 * f32 as the CPU plugin does it, and {@code round} is round-half-to-even ({@code std::nearbyint} in
 * OpenVINO's reference implementation).
 */
public final class FakeQuantize {
    private FakeQuantize() {
    }

    /** One element through FakeQuantize with the given input/output ranges and level count. */
    public static float apply(float x, float inLow, float inHigh, float outLow, float outHigh, int levels) {
        if (x <= Math.min(inLow, inHigh)) {
            return outLow;
        }
        if (x > Math.max(inLow, inHigh)) {
            return outHigh;
        }
        float steps = levels - 1;
        float q = (float) Math.rint((x - inLow) / (inHigh - inLow) * steps);
        return q / steps * (outHigh - outLow) + outLow;
    }
}
