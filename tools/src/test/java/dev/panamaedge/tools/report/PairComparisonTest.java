package dev.panamaedge.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

final class PairComparisonTest {
    private static final float[] REF = {0.05f, 0.6f, 0.2f, 0.1f, 0.03f, 0.02f};

    @Test
    void metricsOverSamples() {
        var c = new PairComparison("fp32", "int8", true);
        c.add("a.jpg", true, REF, REF.clone());
        // candidate ties classes 1 and 2 (as u8 outputs do): strict top-1 picks 1 (first index), still agrees
        c.add("b.jpg", true, REF, new float[] {0.05f, 0.4f, 0.4f, 0.1f, 0.03f, 0.02f});
        // a real disagreement on an augmented sample, with the reference top-1 second in the candidate's top 5
        c.add("b.jpg~aug0", false, REF, new float[] {0.05f, 0.3f, 0.5f, 0.1f, 0.03f, 0.02f});
        PairMetrics m = c.metrics();
        assertEquals(3, m.samples());
        assertEquals(2, m.photos());
        assertEquals(2.0 / 3, m.top1Agreement(), 1e-12);
        assertEquals(2.0 / 3, m.top1AgreementTies(), 1e-12);
        assertEquals(1.0, m.top1InTop5(), 1e-12);
        assertEquals(List.of(), m.photosTop1NotInTop5());
        assertEquals(0.3, m.maxAbsDiff(), 1e-6);
        assertEquals((0 + 0.4 + 0.6) / 18, m.meanAbsDiff(), 1e-6);
        assertEquals(0.58, m.range(), 1e-6);
        assertEquals(1.0, m.top5Overlap(), 1e-12);
        assertEquals(18, c.allAbsDiffs().length);
        // the augmented sample: ref·cand = 0.2938, |ref|² = 0.4138, |cand|² = 0.3538
        assertEquals(0.2938 / Math.sqrt(0.4138 * 0.3538), m.minCosine(), 1e-6);
        assertEquals(0.0, c.results().get(0).kl(), 1e-12);

        Tolerance.Verdict strict = Tolerance.INT8_VS_FP32.check(m);
        assertFalse(strict.passed());
        assertEquals(List.of("top-1 agreement 66.67 % < 98.00 %"), strict.failures());
    }

    @Test
    void tiesCountOnlyUnderTheEnginesPreset() {
        var c = new PairComparison("reference", "openvino", true);
        float[] ref = {1, 200, 199, 0};
        c.add("p", true, ref, new float[] {1, 199, 199, 0}); // candidate rounded 200 down: tie, index 1 first
        c.add("q", true, ref, new float[] {1, 198, 199, 0}); // candidate's top-1 is 2: real disagreement
        c.add("r", true, new float[] {1, 199, 200, 0}, new float[] {1, 200, 200, 0}); // ref 2, cand tie 1/2
        PairMetrics m = c.metrics();
        assertEquals(1.0 / 3, m.top1Agreement(), 1e-12);
        assertEquals(2.0 / 3, m.top1AgreementTies(), 1e-12);
        assertFalse(Tolerance.INT8_ENGINES.check(m).passed());
        assertEquals(List.of("top-1 agreement 66.67 % < 99.00 %"), Tolerance.INT8_ENGINES.check(m).failures());
        assertEquals("top-1 agreement 33.33 % < 100.00 %", Tolerance.FP32_ENGINES.check(m).failures().get(0));
    }

    @Test
    void photoWhoseTop1FallsOutOfTheTop5FailsTheInt8Preset() {
        var c = new PairComparison("fp32", "int8", false);
        float[] ref = {9, 1, 2, 3, 4, 5, 6};
        for (int i = 0; i < 99; i++) {
            c.add("aug" + i, false, ref, ref.clone());
        }
        c.add("cat.jpg", true, ref, new float[] {0, 1, 2, 3, 4, 5, 6});
        PairMetrics m = c.metrics();
        assertEquals(0.99, m.top1Agreement(), 1e-12);
        assertEquals(List.of("cat.jpg"), m.photosTop1NotInTop5());
        Tolerance.Verdict v = Tolerance.INT8_VS_FP32.check(m);
        assertEquals(List.of("reference top-1 not in the top 5 on [cat.jpg]"), v.failures());
        assertEquals("top-1 >= 98 %, reference top-1 within the top 5 on every photo", v.description());
    }
}
