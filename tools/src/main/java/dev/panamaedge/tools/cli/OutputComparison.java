package dev.panamaedge.tools.cli;

import dev.panamaedge.runtime.image.Classification;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates the agreement between a reference output and a candidate output over many samples:
 * top-1 agreement, top-5 overlap, max and mean absolute difference, the reference's value range and
 * the lowest cosine similarity. Not thread-safe; one per validation run.
 */
final class OutputComparison {
    private int samples;
    private int top1Agree;
    private double top5OverlapSum;
    private double maxAbsDiff;
    private double absDiffSum;
    private long values;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private double minCosine = Double.POSITIVE_INFINITY;
    private final List<Top1Mismatch> mismatches = new ArrayList<>();

    /** A sample whose top-1 class differs; the margin is the reference's gap between the two classes. */
    record Top1Mismatch(String sample, int referenceTop1, int candidateTop1, double referenceMargin) {
    }

    /**
     * Adds one sample.
     *
     * @throws IllegalArgumentException if the vectors differ in length or contain NaN
     */
    void add(String sample, float[] reference, float[] candidate) {
        if (reference.length != candidate.length || reference.length == 0) {
            throw new IllegalArgumentException(sample + ": reference output has " + reference.length
                    + " values, candidate " + candidate.length);
        }
        double dot = 0;
        double rr = 0;
        double cc = 0;
        for (int i = 0; i < reference.length; i++) {
            float r = reference[i];
            float c = candidate[i];
            if (Float.isNaN(r) || Float.isNaN(c)) {
                throw new IllegalArgumentException(sample + ": output " + i + " is NaN (reference " + r
                        + ", candidate " + c + ")");
            }
            double d = Math.abs((double) r - c);
            maxAbsDiff = Math.max(maxAbsDiff, d);
            absDiffSum += d;
            min = Math.min(min, r);
            max = Math.max(max, r);
            dot += (double) r * c;
            rr += (double) r * r;
            cc += (double) c * c;
        }
        values += reference.length;
        // Two all-zero vectors are identical: cosine 1 rather than 0/0.
        double cosine = rr == 0 && cc == 0 ? 1.0 : dot / Math.sqrt(rr * cc);
        minCosine = Math.min(minCosine, cosine);

        int k = Math.min(5, reference.length);
        int[] refTop = Classification.topIndices(reference, k);
        int[] candTop = Classification.topIndices(candidate, k);
        if (refTop[0] == candTop[0]) {
            top1Agree++;
        } else {
            mismatches.add(new Top1Mismatch(sample, refTop[0], candTop[0],
                    (double) reference[refTop[0]] - reference[candTop[0]]));
        }
        int overlap = 0;
        for (int a : refTop) {
            for (int b : candTop) {
                if (a == b) {
                    overlap++;
                }
            }
        }
        top5OverlapSum += (double) overlap / k;
        samples++;
    }

    int samples() {
        return samples;
    }

    int top1Agreements() {
        return top1Agree;
    }

    double top1Agreement() {
        return samples == 0 ? 0 : (double) top1Agree / samples;
    }

    double top5Overlap() {
        return samples == 0 ? 0 : top5OverlapSum / samples;
    }

    double maxAbsDiff() {
        return maxAbsDiff;
    }

    double meanAbsDiff() {
        return values == 0 ? 0 : absDiffSum / values;
    }

    /** Max minus min of the reference values over all samples. */
    double range() {
        return samples == 0 ? 0 : (double) max - min;
    }

    double minCosine() {
        return samples == 0 ? 0 : minCosine;
    }

    List<Top1Mismatch> mismatches() {
        return List.copyOf(mismatches);
    }
}
