package dev.panamaedge.tools.cli;

import dev.panamaedge.openvino.BatchShape;
import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code edge validate --batch N}: one batch of N samples against the same N samples run one at a time, on
 * each engine. The reference engine must agree bit for bit; OpenVINO, compiled at batch N, within the FP32
 * tolerance ({@code 1e-3 × range} of its own single-run outputs), since a batched kernel may block and sum in a
 * different order.
 */
final class BatchValidation {
    static final double NATIVE_MAX_DIFF_OVER_RANGE = 1e-3;

    private BatchValidation() {
    }

    /**
     * @param size                 samples in the batch
     * @param referenceDiffering   output values of the reference batch that differ (bitwise) from single runs
     * @param nativeMaxAbsDiff     largest |batched − single| of OpenVINO's outputs
     * @param nativeAllowed        the bound on it: {@value #NATIVE_MAX_DIFF_OVER_RANGE} × the single outputs' range
     * @param passed               no reference value differs and nativeMaxAbsDiff ≤ nativeAllowed
     */
    record Check(int size, long referenceDiffering, double nativeMaxAbsDiff, double nativeAllowed, boolean passed) {
    }

    /**
     * Runs the check on the first {@code size} of {@code samples} (repeated when there are fewer).
     *
     * @param nativeSingle the native engine already compiled at the model's own batch
     */
    static Check run(Engine reference, Engine nativeSingle, ModelProfile profile, CompileOptions nativeOptions,
                     List<Tensor> samples, int size) {
        TensorSpec input = reference.inputs().getFirst();
        List<Tensor> picked = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            picked.add(samples.get(i % samples.size()));
        }
        Tensor batch = stack(picked);
        float[] refBatch = Engines.firstOutput(reference, reference.run(Map.of(input.name(), batch))).toFloatArray();
        long differing = 0;
        float[][] natSingles = new float[size][];
        int per = refBatch.length / size;
        for (int i = 0; i < size; i++) {
            float[] one = Engines.firstOutput(reference, reference.run(Map.of(input.name(), picked.get(i))))
                    .toFloatArray();
            for (int j = 0; j < per; j++) {
                if (Float.floatToRawIntBits(one[j]) != Float.floatToRawIntBits(refBatch[i * per + j])) {
                    differing++;
                }
            }
            natSingles[i] = Engines.firstOutput(nativeSingle, nativeSingle.run(Map.of(input.name(), picked.get(i))))
                    .toFloatArray();
        }
        float[] natBatch;
        try (OpenVinoEngine batched = OpenVinoEngine.load(profile.file(), nativeOptions, BatchShape.fixed(size))) {
            natBatch = Engines.firstOutput(batched, batched.run(Map.of(input.name(), batch))).toFloatArray();
        }
        double max = 0;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < per; j++) {
                float single = natSingles[i][j];
                lo = Math.min(lo, single);
                hi = Math.max(hi, single);
                max = Math.max(max, Math.abs(single - natBatch[i * per + j]));
            }
        }
        double allowed = NATIVE_MAX_DIFF_OVER_RANGE * (hi - lo);
        return new Check(size, differing, max, allowed, differing == 0 && max <= allowed
                && natBatch.length == refBatch.length);
    }

    /** Samples of shape {@code [1, …]} stacked into one {@code [N, …]} tensor. */
    static Tensor stack(List<Tensor> samples) {
        Tensor first = samples.getFirst();
        long[] dims = first.shape().dims();
        dims[0] = samples.size();
        long per = first.byteSize();
        MemorySegment all = MemorySegment.ofArray(new byte[Math.toIntExact(per * samples.size())]);
        for (int i = 0; i < samples.size(); i++) {
            MemorySegment.copy(samples.get(i).data(), 0, all, i * per, per);
        }
        return Tensor.wrap(first.type(), new Shape(dims), all);
    }
}
