package dev.panamaedge.models.quant;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-channel means of each quantized activation tensor over the calibration samples, in float and after its
 * FakeQuantize: what {@link BiasCorrection} needs to predict how quantization shifts a layer's output.
 *
 * <p>A driver runs the float model on every sample and hands each planned tensor (channels on axis 1, as in
 * NCHW and [N, C]) to {@link #observe}. The FakeQuantize is simulated with the op's formula and the range
 * {@link Int8Quantizer} will write, so {@code quantized} is the mean the INT8 layer sees.
 */
public final class ChannelMeans {
    /** The means of one tensor, per channel. */
    public record Means(double[] fp32, double[] quantized) {
    }

    private final Map<String, FakeQuantizeParams> params = new LinkedHashMap<>();
    private final Map<String, double[][]> sums = new LinkedHashMap<>();
    private final Map<String, long[]> counts = new LinkedHashMap<>();

    /** @param ranges the calibrated ranges, as {@link Calibrator#ranges} returns them */
    public ChannelMeans(Map<String, ActivationRange> ranges, Preset preset) {
        Objects.requireNonNull(preset, "preset");
        ranges.forEach((t, r) -> params.put(t, FakeQuantizeParams.activation(r, preset)));
    }

    /** The tensors to observe. */
    public java.util.Set<String> tensors() {
        return java.util.Collections.unmodifiableSet(params.keySet());
    }

    /**
     * Adds one sample's values of one tensor.
     *
     * @param channels the size of axis 1
     * @throws IllegalArgumentException for an unknown tensor or values that are not a whole number of channels
     */
    public void observe(String tensor, float[] values, int channels) {
        FakeQuantizeParams q = params.get(tensor);
        if (q == null) {
            throw new IllegalArgumentException("tensor '" + tensor + "' has no calibrated range");
        }
        if (channels < 1 || values.length % channels != 0) {
            throw new IllegalArgumentException("tensor '" + tensor + "': " + values.length + " values do not split into "
                    + channels + " channels");
        }
        double[][] s = sums.computeIfAbsent(tensor, t -> new double[2][channels]);
        if (s[0].length != channels) {
            throw new IllegalArgumentException("tensor '" + tensor + "' changed from " + s[0].length + " to " + channels
                    + " channels");
        }
        int inner = values.length / channels; // batch 1: [1, C, spatial…]
        float lm1 = q.levels() - 1;
        for (int c = 0; c < channels; c++) {
            double f = 0;
            double fq = 0;
            for (int i = c * inner; i < (c + 1) * inner; i++) {
                float x = values[i];
                f += x;
                fq += fakeQuantize(x, q.low(), q.high(), lm1);
            }
            s[0][c] += f;
            s[1][c] += fq;
        }
        counts.computeIfAbsent(tensor, t -> new long[1])[0] += inner;
    }

    /** The means of every observed tensor. */
    public Map<String, Means> means() {
        Map<String, Means> out = new LinkedHashMap<>();
        sums.forEach((t, s) -> {
            double n = counts.get(t)[0];
            double[] f = new double[s[0].length];
            double[] q = new double[s[0].length];
            for (int c = 0; c < f.length; c++) {
                f[c] = s[0][c] / n;
                q[c] = s[1][c] / n;
            }
            out.put(t, new Means(f, q));
        });
        return out;
    }

    /** FakeQuantize-1 with equal input and output ranges, as the op specification writes it. */
    static float fakeQuantize(float x, float low, float high, float levelsMinusOne) {
        if (x <= low) {
            return low;
        }
        if (x > high) {
            return high;
        }
        return (float) Math.rint((x - low) / (high - low) * levelsMinusOne) / levelsMinusOne * (high - low) + low;
    }
}
