package dev.panamaedge.tools.cli;

import java.util.List;

/**
 * The result of {@code edge validate}: how closely the native engine's outputs follow the reference's.
 *
 * @param inferencePrecision the native engine's INFERENCE_PRECISION_HINT, or {@code default}
 * @param compared      {@code logits}, or {@code probabilities} when the model's output is already softmaxed
 * @param samples       inputs compared: {@code randomInputs} seeded random tensors plus {@code images}
 * @param top1Agreement fraction of samples whose top-1 class is the same
 * @param top5Overlap   mean fraction of shared classes among the two top-5 sets
 * @param maxAbsDiff    largest |native − reference| over all values
 * @param meanAbsDiff   mean |native − reference|
 * @param range         max − min of the reference values over all samples
 * @param minCosine     lowest cosine similarity of a sample's two output vectors
 * @param passed        top-1 agreement ≥ the tolerance's, and maxAbsDiff ≤ allowed
 */
record ValidationReport(int schemaVersion, String model, String device, String inferencePrecision, String compared, int samples,
                        int randomInputs, List<String> images, long seed, double top1Agreement, double top5Overlap,
                        double maxAbsDiff, double meanAbsDiff, double range, double minCosine, Tolerance tolerance,
                        List<OutputComparison.Top1Mismatch> top1Mismatches, boolean passed) {

    /**
     * @param minTop1Agreement required top-1 agreement (1.0 = every sample)
     * @param maxDiffOverRange allowed max |Δ| as a fraction of the reference range
     * @param maxAbsDiff       the resulting absolute bound: {@code maxDiffOverRange × range}
     */
    record Tolerance(double minTop1Agreement, double maxDiffOverRange, double maxAbsDiff) {
    }
}
