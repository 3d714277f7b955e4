package dev.panamaedge.tools.report;

import dev.panamaedge.runtime.image.Classification;

/**
 * How far a candidate vector lies from a reference: SQNR, cosine similarity, KL divergence, and the
 * top-1 agreement rule that counts ties in quantized outputs. Sums run in double.
 */
public final class Divergence {
    private Divergence() {
    }

    /**
     * Signal-to-quantization-noise ratio {@code 10·log10(Σ ref² / Σ (ref − x)²)} in dB; +∞ when the two
     * are identical, −∞ when the reference is all zeros and the candidate is not.
     */
    public static double sqnrDb(float[] reference, float[] candidate) {
        checkLengths(reference, candidate);
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = reference[i];
            double d = r - candidate[i];
            signal += r * r;
            noise += d * d;
        }
        return sqnrDb(signal, noise);
    }

    /** SQNR in dB from the two sums, so callers can accumulate over many samples first. */
    public static double sqnrDb(double signalEnergy, double noiseEnergy) {
        if (noiseEnergy == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(signalEnergy / noiseEnergy);
    }

    /** Cosine similarity; two all-zero vectors count as identical (1). */
    public static double cosine(float[] a, float[] b) {
        checkLengths(a, b);
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        if (aa == 0 && bb == 0) {
            return 1;
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.sqrt(aa * bb);
    }

    /**
     * KL(P ‖ Q) in nats for two probability vectors. Both are renormalised to sum 1 (quantized
     * probabilities rarely do), and Q is floored at 1e-12 so a class the candidate rounded to zero gives
     * a large but finite divergence.
     */
    public static double klDivergence(float[] p, float[] q) {
        return klDivergence(p, q, 1e-12);
    }

    /**
     * KL(P ‖ Q) with Q floored at {@code floor}. For u8 probabilities (step 1/256) a floor of half a step,
     * 1/512, says "rounded to zero" rather than "impossible", so the many tail classes a quantized softmax
     * zeroes do not dominate the sum through an arbitrary tiny floor.
     */
    public static double klDivergence(float[] p, float[] q, double floor) {
        checkLengths(p, q);
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0 || q[i] < 0) {
                throw new IllegalArgumentException("probabilities must be >= 0: p[" + i + "]=" + p[i] + ", q[" + i
                        + "]=" + q[i]);
            }
            sp += p[i];
            sq += q[i];
        }
        if (sp == 0 || sq == 0) {
            throw new IllegalArgumentException("a probability vector sums to 0");
        }
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / sp;
            if (pi > 0) {
                kl += pi * Math.log(pi / Math.max(q[i] / sq, floor));
            }
        }
        return Math.max(0, kl);
    }

    /** KL on softmax of two logit vectors, or on the vectors themselves when they are probabilities. */
    public static double klDivergence(float[] reference, float[] candidate, boolean probabilities) {
        return klDivergence(reference, candidate, probabilities, 1e-12);
    }

    /** As {@link #klDivergence(float[], float[], boolean)} with the candidate floored at {@code floor}. */
    public static double klDivergence(float[] reference, float[] candidate, boolean probabilities, double floor) {
        return probabilities ? klDivergence(reference, candidate, floor)
                : klDivergence(Classification.softmax(reference), Classification.softmax(candidate), floor);
    }

    /**
     * True when the candidate's largest value is reached at {@code referenceTop1} too: the candidate's
     * tied maxima include the reference's class. Quantized u8 probabilities tie often (two classes at
     * 0.5 both read 128), and such a tie is no disagreement.
     */
    public static boolean top1AgreesWithTies(int referenceTop1, float[] candidate) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : candidate) {
            max = Math.max(max, v);
        }
        return candidate[referenceTop1] == max;
    }

    private static void checkLengths(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " values");
        }
    }
}
