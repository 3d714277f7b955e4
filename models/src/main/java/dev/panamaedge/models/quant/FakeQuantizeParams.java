package dev.panamaedge.models.quant;

/**
 * The range and level count of one FakeQuantize whose input and output ranges are equal.
 *
 * @param low    input_low = output_low
 * @param high   input_high = output_high
 * @param levels 256 for activations, 255 for symmetric int8 weights
 */
record FakeQuantizeParams(float low, float high, int levels) {
    /** Smallest range we emit: an all-zero tensor still needs a non-degenerate FakeQuantize. */
    private static final float MIN_RANGE = 1e-6f;

    /**
     * Turns a calibrated range into FakeQuantize parameters by the preset's rules (see {@link Preset}).
     */
    static FakeQuantizeParams activation(ActivationRange r, Preset preset) {
        float lo = Math.min(0, r.low());
        float hi = Math.max(0, r.high());
        return switch (preset) {
            case PERFORMANCE -> {
                if (lo >= 0) {
                    yield new FakeQuantizeParams(0f, Math.max(hi, MIN_RANGE), 256);
                }
                float s = Math.max(Math.max(-lo, hi), MIN_RANGE);
                // i8 codes -128..127 with step s/128: the top code is s·127/128.
                yield new FakeQuantizeParams(-s, s * 127f / 128f, 256);
            }
            case MIXED -> {
                if (hi - lo < MIN_RANGE) {
                    hi = lo + MIN_RANGE;
                }
                // Nudge so that 0 falls on a code: zero padding and ReLU zeros then quantize exactly.
                float scale = (hi - lo) / 255f;
                float zeroPoint = Math.round(-lo / scale);
                yield new FakeQuantizeParams(-zeroPoint * scale, (255f - zeroPoint) * scale, 256);
            }
        };
    }
}
