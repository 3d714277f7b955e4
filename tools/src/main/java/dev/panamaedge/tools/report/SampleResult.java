package dev.panamaedge.tools.report;

/**
 * One sample of a comparison, for the report's per-image table.
 *
 * @param sample          the image name ({@code photo.jpg}, {@code photo.jpg~aug3} for an augmented crop)
 * @param photo           true for an original photo, false for an augmented variant
 * @param referenceTop5   the reference's five best classes, best first
 * @param candidateTop5   the candidate's five best classes, best first
 * @param top1Agrees      the top-1 classes are equal
 * @param top1AgreesTied  the reference's top-1 is among the candidate's tied maxima
 * @param cosine          cosine similarity of the two outputs
 * @param kl              KL(reference ‖ candidate) on probabilities, in nats
 * @param maxAbsDiff      largest |candidate − reference| of this sample
 */
public record SampleResult(String sample, boolean photo, int[] referenceTop5, int[] candidateTop5, boolean top1Agrees,
                           boolean top1AgreesTied, double cosine, double kl, double maxAbsDiff) {
    public SampleResult {
        referenceTop5 = referenceTop5.clone();
        candidateTop5 = candidateTop5.clone();
    }

    @Override
    public int[] referenceTop5() {
        return referenceTop5.clone();
    }

    @Override
    public int[] candidateTop5() {
        return candidateTop5.clone();
    }

    /** True when the reference's top-1 class is among the candidate's top 5. */
    public boolean referenceTop1InCandidateTop5() {
        for (int c : candidateTop5) {
            if (c == referenceTop5[0]) {
                return true;
            }
        }
        return false;
    }
}
