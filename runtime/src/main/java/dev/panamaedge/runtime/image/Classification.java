package dev.panamaedge.runtime.image;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.OutputQuantization;
import dev.panamaedge.runtime.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a classifier's output into ranked {@link Prediction}s whose {@code probability} is in [0, 1]: u8/i8
 * codes dequantized with the output's scale and zero point (or, without them, a probability output's codes
 * renormalised to sum 1), softmax for logits, the label offset's background outputs left out, labels, top-k.
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
        // One pass keeping the best k in order: a camera frame asks for 5 of 1001 classes, where sorting them
        // all (boxed) cost more than the rest of the reply.
        int[] top = new int[Math.min(k, values.length)];
        int filled = 0;
        for (int i = 0; i < values.length; i++) {
            if (filled == top.length && !ranksBefore(values, i, top[filled - 1])) {
                continue;
            }
            int at = filled < top.length ? filled++ : filled - 1;
            for (; at > 0 && ranksBefore(values, i, top[at - 1]); at--) {
                top[at] = top[at - 1];
            }
            top[at] = i;
        }
        return top;
    }

    /** Larger first ({@link Float#compare} order, so NaN first); equal values keep the lower index first. */
    private static boolean ranksBefore(float[] values, int a, int b) {
        int c = Float.compare(values[a], values[b]);
        return c > 0 || (c == 0 && a < b);
    }

    /**
     * Probabilities from one output vector of element type {@code type}.
     *
     * <ul>
     *   <li>u8/i8 with a quantization: {@code scale × (code − zeroPoint)}, then as below;</li>
     *   <li>u8/i8 probabilities without one: the codes counted from the type's lowest code and divided by their
     *       sum (a quantized softmax counts probability in equal steps, so this recovers it up to rounding);</li>
     *   <li>u8/i8 logits without one: the codes taken as logits;</li>
     *   <li>logits: softmax; probabilities: as they are, except dequantized ones clamped to [0, 1].</li>
     * </ul>
     */
    public static float[] probabilities(float[] values, ElementType type, Scores kind,
                                        Optional<OutputQuantization> quantization) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(quantization, "quantization");
        boolean codes = isCodes(type);
        float[] v = values;
        if (codes && quantization.isPresent()) {
            OutputQuantization q = quantization.get();
            v = new float[values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) q.dequantize(values[i]);
            }
        } else if (codes && kind == Scores.PROBABILITIES) {
            return renormalised(values, type == ElementType.I8 ? -128 : 0);
        }
        if (kind == Scores.LOGITS) {
            return softmax(v);
        }
        if (codes) {
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.clamp(v[i], 0f, 1f);
            }
        }
        return v;
    }

    /**
     * Whether {@link #probabilities} renormalises: a u8/i8 probability output without a known scale. Callers
     * say so once (log, stderr), since the figures are then the model's ranking, not its calibrated scores.
     */
    public static boolean renormalises(ElementType type, Scores kind, Optional<OutputQuantization> quantization) {
        return isCodes(type) && kind == Scores.PROBABILITIES && quantization.isEmpty();
    }

    private static boolean isCodes(ElementType type) {
        return type == ElementType.U8 || type == ElementType.I8;
    }

    private static float[] renormalised(float[] codes, int lowest) {
        double sum = 0;
        for (float c : codes) {
            sum += c - lowest;
        }
        float[] p = new float[codes.length];
        for (int i = 0; i < codes.length && sum > 0; i++) {
            p[i] = (float) ((codes[i] - lowest) / sum);
        }
        return p;
    }

    /** The top {@code k} classes of one float output vector (softmax first for logits). */
    public static List<Prediction> topK(float[] scores, Scores kind, Labels labels, int k) {
        Objects.requireNonNull(kind, "kind");
        return top(probabilities(scores, ElementType.F32, kind, Optional.empty()), labels, k);
    }

    /**
     * The top {@code k} classes of a probability vector over the model's outputs. Outputs below the label offset
     * (TensorFlow's "background") are not classes and never ranked; a prediction's index is its class index,
     * the output index minus the offset, with and without a label list.
     */
    public static List<Prediction> top(float[] probabilities, Labels labels, int k) {
        Objects.requireNonNull(labels, "labels");
        int offset = labels.offset();
        if (offset >= probabilities.length) {
            throw new IllegalArgumentException("label offset " + offset + " leaves no classes in an output of "
                    + probabilities.length);
        }
        float[] classes = offset == 0 ? probabilities : Arrays.copyOfRange(probabilities, offset, probabilities.length);
        List<Prediction> out = new ArrayList<>();
        for (int c : topIndices(classes, k)) {
            out.add(new Prediction(c, labels.label(c), classes[c]));
        }
        return List.copyOf(out);
    }

    /**
     * The top {@code k} classes of every image in a batched output: dimension 0 is the batch, the rest
     * are flattened into the class vector ({@code [N, classes]} or {@code [N, classes, 1, 1]}).
     */
    public static List<List<Prediction>> topK(Tensor output, Scores kind, Labels labels, int k) {
        return topK(output, kind, Optional.empty(), labels, k);
    }

    /**
     * As {@link #topK(Tensor, Scores, Labels, int)}, dequantizing a u8/i8 output with {@code quantization}
     * (see {@link #probabilities}).
     */
    public static List<List<Prediction>> topK(Tensor output, Scores kind, Optional<OutputQuantization> quantization,
                                              Labels labels, int k) {
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
            float[] p = probabilities(Arrays.copyOfRange(all, b * c, (b + 1) * c), output.type(), kind, quantization);
            out.add(top(p, labels, k));
        }
        return List.copyOf(out);
    }
}
