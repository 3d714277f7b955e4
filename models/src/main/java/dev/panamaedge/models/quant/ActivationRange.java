package dev.panamaedge.models.quant;

/** A calibrated range of one activation tensor, before preset rules make it a FakeQuantize range. */
public record ActivationRange(float low, float high) {
    public ActivationRange {
        if (!Float.isFinite(low) || !Float.isFinite(high) || low > high) {
            throw new IllegalArgumentException("bad activation range [" + low + ", " + high + "]");
        }
    }
}
