package dev.panamaedge.tools.report;

import java.util.List;

/**
 * What {@code edge validate --baseline} found for one candidate (INT8) model.
 *
 * @param model              the candidate's name
 * @param vsBaseline         candidate on OpenVINO against the FP32 baseline on the reference engine
 * @param vsBaselineVerdict  {@link Tolerance#INT8_VS_FP32} applied to {@code vsBaseline}
 * @param referenceVsBaseline the candidate's INT8 simulation on the reference engine against the baseline
 * @param engines            candidate on OpenVINO against its own INT8 simulation on the reference engine
 * @param enginesVerdict     {@link Tolerance#INT8_ENGINES} applied to {@code engines}
 * @param layers             per-layer SQNR against the baseline's layer of the same name
 * @param firstReferenceLayerBelow first layer (reference INT8 simulation) under the SQNR threshold, or null
 * @param firstNativeLayerBelow    first layer (OpenVINO, exposed as extra outputs) under the threshold, or null
 * @param passed             both verdicts passed
 */
public record ModelReport(String model, PairMetrics vsBaseline, Tolerance.Verdict vsBaselineVerdict,
                          PairMetrics referenceVsBaseline, PairMetrics engines, Tolerance.Verdict enginesVerdict,
                          List<LayerRow> layers, String firstReferenceLayerBelow, String firstNativeLayerBelow,
                          boolean passed) {
    public ModelReport {
        layers = List.copyOf(layers);
    }

    /**
     * One layer in both models.
     *
     * @param referenceSqnrDb SQNR of the reference engine's INT8 simulation against the FP32 baseline
     * @param nativeSqnrDb    SQNR of OpenVINO's INT8 output of the layer against the baseline, or null when
     *                        that layer was not exposed
     */
    public record LayerRow(String layer, String type, double referenceSqnrDb, Double nativeSqnrDb) {
    }
}
