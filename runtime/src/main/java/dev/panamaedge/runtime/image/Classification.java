package dev.panamaedge.runtime.image;

import dev.panamaedge.runtime.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns a classifier's output into ranked {@link Prediction}s: softmax for logits, labels, top-k.
 * Pure functions.
 */
public final class Classification {
    private Classification() {
    }

    /** Whether the output values are raw logits (softmax applied here) or already probabilities. */
    public enum Scores { LOGITS, PROBABILITIES }

    /**
     * Numerically stable softmax ({@code exp(x − max)}) accumulated in double.
     *
     * @throws IllegalArgumentException for an empty array or a NaN value
     */
    public static float[] softmax(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("softmax of an empty vector");
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("logits contain NaN");
            }
            max = Math.max(max, v);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp((double) logits[i] - max);
            sum += e[i];
        }
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }

    /**
     * Indices of the {@code k} largest values, largest first; ties keep the lower index first.
     * {@code k} larger than the vector returns every index.
     */
    public static int[] topIndices(float[] values, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> {
            int c = Float.compare(values[b], values[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** The top {@code k} classes of one output vector. */
    public static List<Prediction> topK(float[] scores, Scores kind, Labels labels, int k) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(labels, "labels");
        float[] p = switch (kind) {
            case LOGITS -> softmax(scores);
            case PROBABILITIES -> scores;
        };
        List<Prediction> out = new ArrayList<>();
        for (int i : topIndices(p, k)) {
            out.add(new Prediction(i, labels.label(i), p[i]));
        }
        return List.copyOf(out);
    }

    /**
     * The top {@code k} classes of every image in a batched output: dimension 0 is the batch, the rest
     * are flattened into the class vector ({@code [N, classes]} or {@code [N, classes, 1, 1]}).
     */
    public static List<List<Prediction>> topK(Tensor output, Scores kind, Labels labels, int k) {
        long[] dims = output.shape().dims();
        if (dims.length < 2) {
            throw new IllegalArgumentException("classifier output must be [N, classes], got " + output.shape());
        }
        long classes = 1;
        for (int i = 1; i < dims.length; i++) {
            classes = Math.multiplyExact(classes, dims[i]);
        }
        if (classes == 0 || dims[0] == 0) {
            throw new IllegalArgumentException("classifier output " + output.shape() + " is empty");
        }
        float[] all = output.toFloatArray();
        int n = Math.toIntExact(dims[0]);
        int c = Math.toIntExact(classes);
        List<List<Prediction>> out = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            out.add(topK(Arrays.copyOfRange(all, b * c, (b + 1) * c), kind, labels, k));
        }
        return List.copyOf(out);
    }
}
