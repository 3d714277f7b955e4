package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Post-training quantization on weights that lie on no grid: the pretrained coral model with every weight moved
 * within half its step ({@code edge models dequantize --off-grid-seed 1}), and the seeded (untrained) model. Ours
 * and NNCF's INT8 models, calibrated on the same 300 samples, against each FP32 model on the reference engine over
 * the 500 evaluation inputs, and layer by layer on the first 27 of them; the off-grid model's accuracy against
 * what the photos show; and the seeded model's fragility, measured as logit margins.
 */
final class OffGridQuantizationTest {
    static Outputs original;
    static Outputs offGrid;
    static Outputs offGridOurs;
    static Outputs offGridNncf;
    static Outputs offGridMean;
    static Outputs offGridPercentile;
    static Outputs seededPercentile;
    static Outputs seededMean;
    static Outputs seeded;
    static Outputs seededOurs;
    static Outputs seededNncf;
    /** Per-layer SQNR of ours and NNCF's INT8 (in that order) over the first {@link #SQNR_SAMPLES} inputs. */
    static List<LayerSqnrs.Summary> offGridSqnr;
    static List<LayerSqnrs.Summary> seededSqnr;
    /** The 11 photos and 16 crops, as many inputs as {@code edge validate --augment 16} compares. */
    static final int SQNR_SAMPLES = 27;

    /** Every input's ranking and the margin between its two best logits. */
    record Outputs(Ranking[] rankings, float[][] logits) {
        /** The gap between the best and second-best logit of each input. */
        double[] margins() {
            double[] m = new double[logits.length];
            for (int i = 0; i < m.length; i++) {
                int[] top = rankings[i].top();
                m[i] = logits[i][top[0]] - logits[i][top[1]];
            }
            return m;
        }

        /** How much each input's margin between {@code base}'s two best classes moved in this output. */
        double[] marginShift(Outputs base) {
            double[] d = new double[logits.length];
            for (int i = 0; i < d.length; i++) {
                int[] top = base.rankings[i].top();
                d[i] = Math.abs((logits[i][top[0]] - logits[i][top[1]]) - (base.logits[i][top[0]] - base.logits[i][top[1]]));
            }
            return d;
        }
    }

    @BeforeAll
    static void run() throws Exception {
        List<Tensor> samples = CoralModels.evaluation();
        // The coral model outputs SoftMax probabilities: ln p is the logit up to one constant per input.
        original = reference(CoralModels.fp32(), samples, true);
        CoralModels.Quantized off = CoralModels.offGrid();
        offGrid = reference(off.fp32(), samples, true);
        offGridOurs = openVino(off.ours(), samples, true);
        offGridNncf = openVino(off.nncf(), samples, true);
        offGridMean = openVino(off.oursMeanMinMax(), samples, true);
        offGridPercentile = openVino(off.oursPercentile(), samples, true);
        CoralModels.Quantized s = CoralModels.seeded();
        List<Tensor> seededSamples = CoralModels.seededEvaluation();
        seeded = reference(s.fp32(), seededSamples, false);
        seededOurs = openVino(s.ours(), seededSamples, false);
        seededNncf = openVino(s.nncf(), seededSamples, false);
        seededMean = openVino(s.oursMeanMinMax(), seededSamples, false);
        seededPercentile = openVino(s.oursPercentile(), seededSamples, false);
        offGridSqnr = LayerSqnrs.measure(off.fp32(), List.of(Map.entry("ours", off.ours()), Map.entry("NNCF", off.nncf())),
                samples.subList(0, SQNR_SAMPLES));
        seededSqnr = LayerSqnrs.measure(s.fp32(), List.of(Map.entry("ours", s.ours()), Map.entry("NNCF", s.nncf())),
                seededSamples.subList(0, SQNR_SAMPLES));
        offGridSqnr.forEach(x -> System.out.println("per-layer SQNR, off-grid, " + x));
        seededSqnr.forEach(x -> System.out.println("per-layer SQNR, seeded, " + x));
        System.out.println("off-grid FP32 vs original FP32: " + Agreement.compare(original.rankings, offGrid.rankings));
        System.out.println("accuracy against the photos' classes: original FP32 " + PhotoAccuracy.of(original.rankings)
                + "; off-grid FP32 " + PhotoAccuracy.of(offGrid.rankings) + "; off-grid INT8 ours "
                + PhotoAccuracy.of(offGridOurs.rankings) + ", NNCF " + PhotoAccuracy.of(offGridNncf.rankings));
        System.out.println("off-grid INT8 ours vs its FP32: " + Agreement.compare(offGrid.rankings, offGridOurs.rankings));
        System.out.println("off-grid INT8 NNCF vs its FP32: " + Agreement.compare(offGrid.rankings, offGridNncf.rankings));
        System.out.println("off-grid INT8 ours, mean_minmax, vs its FP32: "
                + Agreement.compare(offGrid.rankings, offGridMean.rankings));
        System.out.println("INT8 ours, percentile, vs its FP32: off grid "
                + Agreement.compare(offGrid.rankings, offGridPercentile.rankings) + "; seeded "
                + Agreement.compare(seeded.rankings, seededPercentile.rankings));
        System.out.println("seeded INT8 ours, mean_minmax, vs its FP32: "
                + Agreement.compare(seeded.rankings, seededMean.rankings));
        System.out.println("seeded INT8 ours vs its FP32: " + Agreement.compare(seeded.rankings, seededOurs.rankings));
        System.out.println("seeded INT8 NNCF vs its FP32: " + Agreement.compare(seeded.rankings, seededNncf.rankings));
        System.out.println(String.format(Locale.ROOT, "logit margin top-1 - top-2, median (10th percentile):"
                        + " pretrained %.3f (%.3f), off-grid %.3f (%.3f), seeded %.4f (%.4f)",
                median(original.margins()), percentile(original.margins(), 0.1), median(offGrid.margins()),
                percentile(offGrid.margins(), 0.1), median(seeded.margins()), percentile(seeded.margins(), 0.1)));
        System.out.println(String.format(Locale.ROOT, "that margin moved by INT8, median (90th percentile):"
                        + " off-grid ours %.3f (%.3f), NNCF %.3f (%.3f); seeded ours %.4f (%.4f), NNCF %.4f (%.4f)",
                median(offGridOurs.marginShift(offGrid)), percentile(offGridOurs.marginShift(offGrid), 0.9),
                median(offGridNncf.marginShift(offGrid)), percentile(offGridNncf.marginShift(offGrid), 0.9),
                median(seededOurs.marginShift(seeded)), percentile(seededOurs.marginShift(seeded), 0.9),
                median(seededNncf.marginShift(seeded)), percentile(seededNncf.marginShift(seeded), 0.9)));
        System.out.println(String.format(Locale.ROOT, "mean_minmax moves it by: off-grid %.3f (%.3f), seeded %.4f (%.4f)",
                median(offGridMean.marginShift(offGrid)), percentile(offGridMean.marginShift(offGrid), 0.9),
                median(seededMean.marginShift(seeded)), percentile(seededMean.marginShift(seeded), 0.9)));
    }

    private static Outputs reference(Path xml, List<Tensor> samples, boolean probabilities) throws Exception {
        try (IrModel m = IrReader.read(xml); Engine e = ReferenceEngine.load(m)) {
            return outputs(e, samples, probabilities);
        }
    }

    private static Outputs openVino(Path xml, List<Tensor> samples, boolean probabilities) throws Exception {
        try (Engine e = OpenVinoEngine.load(xml, CoralModels.f32Cpu())) {
            return outputs(e, samples, probabilities);
        }
    }

    private static Outputs outputs(Engine engine, List<Tensor> samples, boolean probabilities) {
        String input = engine.inputs().getFirst().name();
        Ranking[] rankings = new Ranking[samples.size()];
        float[][] logits = new float[samples.size()][];
        for (int i = 0; i < samples.size(); i++) {
            Map<String, Tensor> result = engine.run(Map.of(input, samples.get(i)));
            float[] v = result.values().iterator().next().toFloatArray();
            rankings[i] = Ranking.of(v, 5);
            if (probabilities) {
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) Math.log(Math.max(v[j], 1e-30f));
                }
            }
            logits[i] = v;
        }
        return new Outputs(rankings, logits);
    }

    static double median(double[] v) {
        return percentile(v, 0.5);
    }

    static double percentile(double[] v, double q) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
    }

    /**
     * The check: the off-grid model's top-1 accuracy on the photos and their crops (against what the
     * photos show, {@link PhotoAccuracy}) stays at least 99 % of the original's. Top-1 agreement between the two
     * float models is a stricter yardstick (a flip between two wrong classes counts too); it is kept here as a
     * regression bar at what was measured. Measured (seed 1, 500 inputs): top-1 accuracy 410 original, 411 off
     * grid (ratio 1.002); top-5 475 and 473 (0.996); agreement 489/500 (97.8 %), every top-1 in the other's top-5.
     */
    @Test
    void theOffGridFloatModelClassifiesLikeThePretrainedOne() throws Exception {
        assertEquals(CoralModels.EVALUATION_SAMPLES, offGrid.rankings.length);
        PhotoAccuracy before = PhotoAccuracy.of(original.rankings);
        PhotoAccuracy after = PhotoAccuracy.of(offGrid.rankings);
        String figures = "original " + before + "; off grid " + after;
        assertTrue(after.top1() >= 0.99 * before.top1(), figures);
        assertTrue(after.top5() >= 0.99 * before.top5(), figures);
        Agreement a = Agreement.compare(original.rankings, offGrid.rankings);
        assertTrue(a.top1Rate() >= 0.975, a.toString());
        assertEquals(a.samples(), a.top1InTop5(), a.toString());
    }

    @Test
    void onTheOffGridModelOursAgreesWithFp32OnAtLeast98PercentAndNoLessThanNncf() {
        Agreement ours = Agreement.compare(offGrid.rankings, offGridOurs.rankings);
        Agreement nncf = Agreement.compare(offGrid.rankings, offGridNncf.rankings);
        assertTrue(ours.top1Rate() >= 0.98, ours.toString());
        assertTrue(ours.top1() >= nncf.top1(), "ours " + ours + ", NNCF " + nncf);
    }

    /**
     * Per-layer SQNR of the OpenVINO INT8 models against the off-grid FP32 model, over the same inputs and the
     * same layers. Measured: ours median 24.9 dB, worst layer 16.6 dB; NNCF 20.3 and 12.5 dB. On the seeded model
     * NNCF's is the finer (14.8 and 5.8 dB against ours' 13.0 and 4.7), printed but not asserted.
     */
    @Test
    void onTheOffGridModelOursPerLayerSqnrIsNoWorseThanNncfs() {
        LayerSqnrs.Summary ours = offGridSqnr.get(0);
        LayerSqnrs.Summary nncf = offGridSqnr.get(1);
        String figures = ours + "; " + nncf;
        assertEquals(ours.layers().size(), nncf.layers().size(), figures);
        assertTrue(ours.layers().size() >= 100, figures);
        assertTrue(ours.median() >= nncf.median(), figures);
        assertTrue(ours.min() >= nncf.min(), figures);
    }

    @Test
    void onTheSeededModelOursWithMeanMinMaxRangesAgreesWithFp32NoLessThanNncf() {
        Agreement ours = Agreement.compare(seeded.rankings, seededOurs.rankings);
        Agreement mean = Agreement.compare(seeded.rankings, seededMean.rankings);
        Agreement nncf = Agreement.compare(seeded.rankings, seededNncf.rankings);
        // Measured: 45.6 % with min/max ranges, 48.8 % with mean_minmax, NNCF 48.8 %.
        assertTrue(mean.top1() >= nncf.top1(), "ours " + ours + ", with mean_minmax " + mean + ", NNCF " + nncf);
    }

    /**
     * The goal, met with {@code --range percentile} (0.01 %/99.99 % quantiles), not with the default: ours
     * at least NNCF's agreement on both models and at least 98 % off grid. Measured: off grid 490/500 (98.0 %;
     * min/max 98.4 %, NNCF 97.2 %), seeded 250/500 (50.0 %; min/max 45.6 %, NNCF 48.8 %). min/max stays the
     * default because it is the best on the trained model.
     */
    @Test
    void withPercentileRangesOursAgreesNoLessThanNncfOnBothModelsAndAtLeast98PercentOffGrid() {
        Agreement off = Agreement.compare(offGrid.rankings, offGridPercentile.rankings);
        Agreement offNncf = Agreement.compare(offGrid.rankings, offGridNncf.rankings);
        Agreement seed = Agreement.compare(seeded.rankings, seededPercentile.rankings);
        Agreement seedNncf = Agreement.compare(seeded.rankings, seededNncf.rankings);
        String figures = "off grid: percentile " + off + ", NNCF " + offNncf + "; seeded: percentile " + seed
                + ", NNCF " + seedNncf;
        assertTrue(off.top1Rate() >= 0.98, figures);
        assertTrue(off.top1() >= offNncf.top1(), figures);
        assertTrue(seed.top1() >= seedNncf.top1(), figures);
    }

    /**
     * Why the seeded model is fragile: its two best logits lie so close that INT8's usual move of that gap
     * exceeds it on most inputs, where the pretrained model's gap is many times the move.
     */
    @Test
    void theSeededModelsLogitMarginsAreSmallerThanWhatInt8MovesThem() {
        double seededMargin = median(seeded.margins());
        double seededMove = median(seededOurs.marginShift(seeded));
        double trainedMargin = median(offGrid.margins());
        double trainedMove = median(offGridOurs.marginShift(offGrid));
        assertTrue(trainedMargin > 5 * trainedMove, trainedMargin + " vs " + trainedMove);
        assertTrue(seededMargin < 2 * seededMove, seededMargin + " vs " + seededMove);
    }
}
