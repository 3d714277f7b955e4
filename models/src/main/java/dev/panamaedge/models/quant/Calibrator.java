package dev.panamaedge.models.quant;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects activation statistics over calibration samples and estimates one range per tensor.
 *
 * <p>Engine-agnostic: a driver runs a float model on each sample and hands every planned tensor's values to
 * {@link #observe}. Pass 0 records min and max; methods that need a histogram ({@link RangeMethod#needsHistogram})
 * take a second pass over the same samples, binning values into {@value #BINS} bins inside the pass-0 range.
 * Not thread-safe: one driver thread observes.
 */
public final class Calibrator {
    static final int BINS = 2048;
    /** Share of values the percentile method may clip at each end. */
    static final double PERCENTILE_TAIL = 1e-4;

    private final RangeMethod method;
    private final Preset preset;
    private final Map<String, float[]> minMax = new LinkedHashMap<>();
    private final Map<String, Histogram> histograms = new HashMap<>();
    private final Map<String, Long> samples = new HashMap<>();
    /** Per tensor, the sums over samples of each sample's min and max ({@link RangeMethod#MEAN_MINMAX}). */
    private final Map<String, double[]> sampleExtremes = new HashMap<>();

    public Calibrator(List<String> tensors, RangeMethod method, Preset preset) {
        this.method = Objects.requireNonNull(method, "method");
        this.preset = Objects.requireNonNull(preset, "preset");
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("nothing to calibrate: the tensor list is empty");
        }
        for (String t : tensors) {
            minMax.put(t, new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
        }
    }

    public RangeMethod method() {
        return method;
    }

    /** How many passes over the calibration samples {@link #ranges} needs: 1 or 2. */
    public int passes() {
        return method.needsHistogram() ? 2 : 1;
    }

    /** The tensors still to observe, in plan order. */
    public List<String> tensors() {
        return List.copyOf(minMax.keySet());
    }

    /**
     * Records one sample's values of one tensor.
     *
     * @throws IllegalArgumentException for an unknown tensor, a pass out of range, or NaN/infinite values
     */
    public void observe(int pass, String tensor, float[] values) {
        float[] mm = minMax.get(tensor);
        if (mm == null) {
            throw new IllegalArgumentException("tensor '" + tensor + "' is not in the quantization plan");
        }
        if (pass == 0) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("tensor '" + tensor + "' holds " + v
                            + ": the float model produces non-finite activations on a calibration sample");
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            mm[0] = Math.min(mm[0], lo);
            mm[1] = Math.max(mm[1], hi);
            if (values.length > 0) {
                double[] sums = sampleExtremes.computeIfAbsent(tensor, t -> new double[2]);
                sums[0] += lo;
                sums[1] += hi;
            }
            samples.merge(tensor, 1L, Long::sum);
        } else if (pass == 1 && passes() == 2) {
            histograms.computeIfAbsent(tensor, t -> new Histogram(Math.min(0, mm[0]), Math.max(0, mm[1]), BINS))
                    .add(values);
        } else {
            throw new IllegalArgumentException("pass " + pass + " does not exist for " + method);
        }
    }

    /**
     * The estimated range of every tensor.
     *
     * @throws IllegalStateException when a tensor was never observed (the driver missed it)
     */
    public Map<String, ActivationRange> ranges() {
        Map<String, ActivationRange> out = new LinkedHashMap<>();
        for (var e : minMax.entrySet()) {
            float[] mm = e.getValue();
            if (!samples.containsKey(e.getKey())) {
                throw new IllegalStateException("tensor '" + e.getKey() + "' was never observed");
            }
            float lo = Math.min(0, mm[0]);
            float hi = Math.max(0, mm[1]);
            out.put(e.getKey(), switch (method) {
                case MINMAX -> new ActivationRange(lo, hi);
                case PERCENTILE -> percentile(histogram(e.getKey()), lo, hi);
                case MSE -> RangeSearch.minimizeMse(histogram(e.getKey()), lo, hi, preset);
                case MEAN_MINMAX -> meanMinMax(e.getKey());
            });
        }
        return out;
    }

    private ActivationRange meanMinMax(String tensor) {
        double[] sums = sampleExtremes.get(tensor);
        long n = samples.get(tensor);
        if (sums == null) {
            return new ActivationRange(0f, 0f);
        }
        return new ActivationRange((float) Math.min(0, sums[0] / n), (float) Math.max(0, sums[1] / n));
    }

    private Histogram histogram(String tensor) {
        Histogram h = histograms.get(tensor);
        if (h == null) {
            throw new IllegalStateException("tensor '" + tensor + "' has no histogram: pass 1 was not run");
        }
        return h;
    }

    private static ActivationRange percentile(Histogram h, float lo, float hi) {
        float l = lo < 0 ? (float) Math.min(0, h.quantile(PERCENTILE_TAIL)) : 0f;
        float u = hi > 0 ? (float) Math.max(0, h.quantile(1 - PERCENTILE_TAIL)) : 0f;
        return new ActivationRange(l, u);
    }
}
