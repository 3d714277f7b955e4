package dev.panamaedge.models.quant;

/** How the calibrator turns observed activations into a quantization range. */
public enum RangeMethod {
    /** The smallest and largest value seen: no clipping, coarsest steps. */
    MINMAX,
    /** The 0.01 % and 99.99 % quantiles: clips rare outliers. */
    PERCENTILE,
    /** The clipping range that minimizes the mean squared quantization error over the observed histogram. */
    MSE,
    /**
     * The mean over samples of each sample's smallest and largest value: NNCF's default for per-tensor
     * activations. It clips what only a few samples reach, and gives every other sample finer steps.
     */
    MEAN_MINMAX;

    /** Whether the method needs a second pass over the data to fill histograms inside the min/max range. */
    public boolean needsHistogram() {
        return this == PERCENTILE || this == MSE;
    }
}
