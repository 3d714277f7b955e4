package dev.panamaedge.tools.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param top1AgreementsWithTies samples whose reference top-1 is among the native output's tied maxima
 * @param batch         {@code --batch N}: a batch of N against N single runs on each engine; absent without it
 * @param passed        top-1 agreement (with ties, when the tolerance counts them) ≥ the tolerance's, and
 *                      maxAbsDiff ≤ allowed
 */
record ValidationReport(int schemaVersion, String model, String device, String inferencePrecision, String compared, int samples,
                        int randomInputs, List<String> images, long seed, double top1Agreement, double top5Overlap,
                        double maxAbsDiff, double meanAbsDiff, double range, double minCosine, Tolerance tolerance,
                        List<OutputComparison.Top1Mismatch> top1Mismatches, int top1AgreementsWithTies,
                        @JsonInclude(JsonInclude.Include.NON_NULL) BatchValidation.Check batch, boolean passed) {

    /**
     * @param minTop1Agreement required top-1 agreement (1.0 = every sample)
     * @param maxDiffOverRange allowed max |Δ| as a fraction of the reference range
     * @param maxAbsDiff       the resulting absolute bound: {@code maxDiffOverRange × range}
     * @param preset           {@code fp32-engines} or {@code int8-engines} (chosen by the model's INT8 layers)
     * @param countsTies       top-1 agreement counts the reference's class among native tied maxima
     * @param description      what the preset requires, in words
     */
    record Tolerance(double minTop1Agreement, double maxDiffOverRange, double maxAbsDiff, String preset,
                     boolean countsTies, String description) {
    }
}
