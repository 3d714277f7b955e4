package dev.panamaedge.tools.report;

import dev.panamaedge.runtime.image.Classification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Accumulates one reference-versus-candidate comparison over many samples, keeping each sample's
 * result and every |Δ| for the report's histogram. Not thread-safe.
 */
public final class PairComparison {
    private final String reference;
    private final String candidate;
    private final boolean probabilities;
    private final double klFloor;
    private final List<SampleResult> results = new ArrayList<>();
    private final List<float[]> absDiffs = new ArrayList<>();
    private double absDiffSum;
    private long values;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;

    /** @param probabilities the outputs are probabilities (KL on them), not logits (KL on their softmax) */
    public PairComparison(String reference, String candidate, boolean probabilities) {
        this(reference, candidate, probabilities, 1e-12);
    }

    /** @param klFloor the candidate's probabilities are floored at this in KL (1/512 for u8 outputs) */
    public PairComparison(String reference, String candidate, boolean probabilities, double klFloor) {
        this.reference = reference;
        this.candidate = candidate;
        this.probabilities = probabilities;
        this.klFloor = klFloor;
    }

    /**
     * Adds one sample.
     *
     * @throws IllegalArgumentException if the vectors differ in length or hold NaN
     */
    public SampleResult add(String sample, boolean photo, float[] ref, float[] cand) {
        if (ref.length != cand.length || ref.length == 0) {
            throw new IllegalArgumentException(sample + ": reference output has " + ref.length + " values, candidate "
                    + cand.length);
        }
        float[] diffs = new float[ref.length];
        double sampleMax = 0;
        for (int i = 0; i < ref.length; i++) {
            if (Float.isNaN(ref[i]) || Float.isNaN(cand[i])) {
                throw new IllegalArgumentException(sample + ": output " + i + " is NaN");
            }
            diffs[i] = Math.abs(ref[i] - cand[i]);
            sampleMax = Math.max(sampleMax, diffs[i]);
            absDiffSum += diffs[i];
            min = Math.min(min, ref[i]);
            max = Math.max(max, ref[i]);
        }
        values += ref.length;
        absDiffs.add(diffs);
        int k = Math.min(5, ref.length);
        int[] refTop = Classification.topIndices(ref, k);
        int[] candTop = Classification.topIndices(cand, k);
        var r = new SampleResult(sample, photo, refTop, candTop, refTop[0] == candTop[0],
                Divergence.top1AgreesWithTies(refTop[0], cand), Divergence.cosine(ref, cand),
                Divergence.klDivergence(ref, cand, probabilities, klFloor), sampleMax);
        results.add(r);
        return r;
    }

    public List<SampleResult> results() {
        return List.copyOf(results);
    }

    /** Every |Δ| of every sample, for a histogram. */
    public float[] allAbsDiffs() {
        float[] all = new float[Math.toIntExact(values)];
        int at = 0;
        for (float[] d : absDiffs) {
            System.arraycopy(d, 0, all, at, d.length);
            at += d.length;
        }
        return all;
    }

    public PairMetrics metrics() {
        int n = results.size();
        if (n == 0) {
            throw new IllegalStateException(candidate + " vs " + reference + ": no samples");
        }
        int agree = 0;
        int agreeTies = 0;
        int inTop5 = 0;
        int photos = 0;
        double overlap = 0;
        double cosSum = 0;
        double minCos = Double.POSITIVE_INFINITY;
        double klSum = 0;
        double maxKl = 0;
        double maxAbs = 0;
        double[] sampleMax = new double[n];
        List<String> missing = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            SampleResult r = results.get(s);
            agree += r.top1Agrees() ? 1 : 0;
            agreeTies += r.top1AgreesTied() ? 1 : 0;
            photos += r.photo() ? 1 : 0;
            if (r.referenceTop1InCandidateTop5()) {
                inTop5++;
            } else if (r.photo()) {
                missing.add(r.sample());
            }
            int shared = 0;
            for (int a : r.referenceTop5()) {
                for (int b : r.candidateTop5()) {
                    shared += a == b ? 1 : 0;
                }
            }
            overlap += (double) shared / r.referenceTop5().length;
            cosSum += r.cosine();
            minCos = Math.min(minCos, r.cosine());
            klSum += r.kl();
            maxKl = Math.max(maxKl, r.kl());
            maxAbs = Math.max(maxAbs, r.maxAbsDiff());
            sampleMax[s] = r.maxAbsDiff();
        }
        Arrays.sort(sampleMax);
        double p99 = sampleMax[Math.min(n - 1, (int) Math.ceil(0.99 * n) - 1)];
        return new PairMetrics(reference, candidate, n, photos, (double) agree / n, (double) agreeTies / n,
                overlap / n, (double) inTop5 / n, missing, maxAbs, absDiffSum / values, p99, (double) max - min,
                cosSum / n, minCos, klSum / n, maxKl);
    }
}
