package dev.panamaedge.tools.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-layer SQNR of a candidate's layer outputs against a reference's, accumulated over samples
 * (signal and noise energies are summed first, so one near-silent sample cannot dominate). Layers are
 * matched by name; the order is the order in which the candidate's layers were first added, which for
 * {@code ReferenceEngine.runAllLayers} is execution order. Not thread-safe.
 */
public final class LayerDivergence {
    /**
     * Layer types compared in the per-layer pass (and exposed on OpenVINO): the compute layers quantization
     * keeps by name. FakeQuantize, Convert, Transpose and Reshape are left out: they only move or re-grid
     * values the neighbouring compute layers already show.
     */
    public static final Set<String> COMPUTE_TYPES = Set.of("Convolution", "GroupConvolution", "Add", "Multiply",
            "MatMul", "Clamp", "AvgPool", "ReduceMean", "SoftMax", "Softmax");

    private final Map<String, double[]> energies = new LinkedHashMap<>();
    private final Map<String, String> types;

    /** @param types layer name → op type, for the report; layers missing here print as {@code ?} */
    public LayerDivergence(Map<String, String> types) {
        this.types = Map.copyOf(types);
    }

    /** One layer's result. */
    public record LayerSqnr(String layer, String type, double sqnrDb) {
    }

    /**
     * Adds one sample: every layer present in both maps with the same number of values.
     *
     * @return how many layers matched
     */
    public int add(Map<String, float[]> reference, Map<String, float[]> candidate) {
        int matched = 0;
        for (Map.Entry<String, float[]> e : candidate.entrySet()) {
            float[] ref = reference.get(e.getKey());
            float[] cand = e.getValue();
            if (ref == null || ref.length != cand.length || ref.length == 0) {
                continue;
            }
            double[] acc = energies.computeIfAbsent(e.getKey(), k -> new double[2]);
            for (int i = 0; i < ref.length; i++) {
                double r = ref[i];
                double d = r - cand[i];
                acc[0] += r * r;
                acc[1] += d * d;
            }
            matched++;
        }
        return matched;
    }

    public List<LayerSqnr> layers() {
        List<LayerSqnr> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : energies.entrySet()) {
            out.add(new LayerSqnr(e.getKey(), types.getOrDefault(e.getKey(), "?"),
                    Divergence.sqnrDb(e.getValue()[0], e.getValue()[1])));
        }
        return out;
    }

    /** The first layer, in order, whose SQNR is below {@code thresholdDb}. */
    public Optional<LayerSqnr> firstBelow(double thresholdDb) {
        return layers().stream().filter(l -> l.sqnrDb() < thresholdDb).findFirst();
    }
}
