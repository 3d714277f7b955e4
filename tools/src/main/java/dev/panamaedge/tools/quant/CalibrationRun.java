package dev.panamaedge.tools.quant;

import dev.panamaedge.models.quant.ActivationRange;
import dev.panamaedge.models.quant.Calibrator;
import dev.panamaedge.models.quant.ChannelMeans;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * Drives a {@link Calibrator} with the reference engine: runs the float model on every sample (twice when the
 * range method needs histograms) and hands each planned tensor's values, by layer name, to the calibrator.
 */
public final class CalibrationRun {
    private CalibrationRun() {
    }

    /**
     * @throws IllegalStateException when the engine reports no value for a planned tensor
     */
    public static Map<String, ActivationRange> run(ReferenceEngine engine, List<Tensor> samples, Calibrator calibrator,
                                                   PrintWriter progress) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no calibration samples");
        }
        String input = engine.inputs().getFirst().name();
        List<String> tensors = calibrator.tensors();
        for (int pass = 0; pass < calibrator.passes(); pass++) {
            Progress bar = new Progress(progress, "calibrating " + calibrator.method().name().toLowerCase(java.util.Locale.ROOT)
                    + (calibrator.passes() > 1 ? " pass " + (pass + 1) + "/" + calibrator.passes() : ""), samples.size());
            for (Tensor sample : samples) {
                Map<String, Tensor> layers = engine.runAllLayers(Map.of(input, sample));
                for (String t : tensors) {
                    Tensor value = layers.get(t);
                    if (value == null) {
                        throw new IllegalStateException("the reference engine reports no output for layer '" + t
                                + "' (folded into a constant?)");
                    }
                    calibrator.observe(pass, t, value.toFloatArray());
                }
                bar.step();
            }
            bar.done();
        }
        return calibrator.ranges();
    }

    /**
     * One more pass over the samples for {@link ChannelMeans}: the per-channel means of every planned tensor,
     * float and FakeQuantized with the calibrated ranges.
     */
    public static Map<String, ChannelMeans.Means> means(ReferenceEngine engine, List<Tensor> samples, ChannelMeans means,
                                                        PrintWriter progress) {
        String input = engine.inputs().getFirst().name();
        Progress bar = new Progress(progress, "bias correction statistics", samples.size());
        List<String> tensors = null;
        for (Tensor sample : samples) {
            Map<String, Tensor> layers = engine.runAllLayers(Map.of(input, sample));
            if (tensors == null) {
                tensors = List.copyOf(means.tensors());
            }
            for (String t : tensors) {
                Tensor value = layers.get(t);
                if (value == null) {
                    throw new IllegalStateException("the reference engine reports no output for layer '" + t + "'");
                }
                long[] dims = value.shape().dims();
                means.observe(t, value.toFloatArray(), dims.length < 2 ? 1 : Math.toIntExact(dims[1]));
            }
            bar.step();
        }
        bar.done();
        return means.means();
    }
}
