package dev.panamaedge.models.quant;

/**
 * Chooses the clipping range that minimizes the expected squared quantization error of a histogram: each
 * bin's centre goes through the FakeQuantize the range would produce (rounding and clipping), weighted by
 * the bin's count.
 */
final class RangeSearch {
    /** Candidate ranges: 1 % … 100 % of the observed range in 0.5 % steps. */
    private static final int STEPS = 199;

    private RangeSearch() {
    }

    static ActivationRange minimizeMse(Histogram h, float lo, float hi, Preset preset) {
        double best = Double.POSITIVE_INFINITY;
        ActivationRange bestRange = new ActivationRange(lo, hi);
        for (int k = 0; k < STEPS; k++) {
            float f = 1f - k * 0.005f;
            ActivationRange candidate = new ActivationRange(lo * f, hi * f);
            FakeQuantizeParams p = FakeQuantizeParams.activation(candidate, preset);
            double err = 0;
            for (int b = 0; b < h.bins(); b++) {
                long c = h.count(b);
                if (c == 0) {
                    continue;
                }
                float v = (float) h.center(b);
                float q = FakeQuantize.apply(v, p.low(), p.high(), p.low(), p.high(), p.levels());
                err += c * (double) (v - q) * (v - q);
            }
            if (err < best) {
                best = err;
                bestRange = candidate;
            }
        }
        return bestRange;
    }
}
