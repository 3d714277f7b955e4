package dev.panamaedge.tools.report;

import java.util.List;

/**
 * How a candidate's outputs follow a reference's over all samples of one comparison.
 *
 * @param reference            what was compared against ({@code FP32 reference}, say)
 * @param candidate            what was compared
 * @param samples              samples compared
 * @param photos               of which original photos (the rest are augmented variants)
 * @param top1Agreement        fraction with the same top-1 class
 * @param top1AgreementTies    fraction whose reference top-1 is among the candidate's tied maxima
 * @param top5Overlap          mean fraction of shared classes in the two top-5 sets
 * @param top1InTop5           fraction whose reference top-1 is in the candidate's top 5
 * @param photosTop1NotInTop5  original photos whose reference top-1 is missing from the candidate's top 5
 * @param maxAbsDiff           largest |Δ| over all values
 * @param meanAbsDiff          mean |Δ|
 * @param p99AbsDiff           99th percentile of the per-sample max |Δ|
 * @param range                max − min of the reference values
 * @param meanCosine           mean per-sample cosine similarity
 * @param minCosine            lowest per-sample cosine similarity
 * @param meanKl               mean KL(reference ‖ candidate) in nats, on softmax(logits) or the probabilities
 * @param maxKl                largest per-sample KL
 */
public record PairMetrics(String reference, String candidate, int samples, int photos, double top1Agreement,
                          double top1AgreementTies, double top5Overlap, double top1InTop5,
                          List<String> photosTop1NotInTop5, double maxAbsDiff, double meanAbsDiff, double p99AbsDiff,
                          double range, double meanCosine, double minCosine, double meanKl, double maxKl) {
    public PairMetrics {
        photosTop1NotInTop5 = List.copyOf(photosTop1NotInTop5);
    }
}
