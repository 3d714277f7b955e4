package dev.panamaedge.tools.report;

import java.util.List;

/**
 * The JSON report of {@code edge validate --baseline}: every candidate model against one FP32 baseline.
 *
 * @param baseline           the FP32 model's name
 * @param baselineEngine     the engine the baseline ran on: {@code reference} (FP32 arithmetic) or {@code native}
 * @param inferencePrecision OpenVINO's INFERENCE_PRECISION_HINT for the candidates
 * @param photos             original photos compared
 * @param augmented          augmented variants (crops and flips of the photos) compared
 * @param layerSamples       samples of the per-layer pass
 * @param layerThresholdDb   SQNR under which a layer counts as diverged
 * @param passed             every model passed
 */
public record BaselineReport(int schemaVersion, String baseline, String device, String inferencePrecision,
                             int photos, int augmented, long seed, int layerSamples, double layerThresholdDb,
                             List<ModelReport> models, boolean passed, String baselineEngine) {
    public BaselineReport {
        models = List.copyOf(models);
    }
}
