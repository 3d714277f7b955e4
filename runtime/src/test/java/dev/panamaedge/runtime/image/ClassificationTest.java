package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.OutputQuantization;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

final class ClassificationTest {

    @Test
    void softmaxMatchesTheClosedForm() {
        float[] p = Classification.softmax(new float[] {0, (float) Math.log(3)});
        assertArrayEquals(new float[] {0.25f, 0.75f}, p, 1e-7f);
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        float[] p = Classification.softmax(new float[] {1000, 1000, 1000, 1000});
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, p, 1e-7f);
    }

    @Test
    void softmaxRejectsNan() {
        assertThrows(IllegalArgumentException.class, () -> Classification.softmax(new float[] {1, Float.NaN}));
    }

    @Test
    void topIndicesAreLargestFirstWithLowerIndexWinningTies() {
        assertArrayEquals(new int[] {3, 1, 2}, Classification.topIndices(new float[] {0, 5, 5, 9, -1}, 3));
        assertArrayEquals(new int[] {1, 0}, Classification.topIndices(new float[] {1, 2}, 5));
    }

    @Test
    void topIndicesMatchAFullSortOnRandomScoresWithTies() {
        var random = new Random(15);
        for (int round = 0; round < 200; round++) {
            float[] v = new float[1 + random.nextInt(1100)];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextInt(40) / 8f; // few distinct values: many ties
            }
            int k = 1 + random.nextInt(12);
            int[] sorted = IntStream.range(0, v.length).boxed()
                    .sorted((a, b) -> Float.compare(v[b], v[a]) != 0 ? Float.compare(v[b], v[a]) : Integer.compare(a, b))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(sorted, Classification.topIndices(v, k), "round " + round);
        }
    }

    @Test
    void topKAppliesLabelOffsetAndNeverRanksBackground() {
        // A 1001-output model (0 = background) with a list of the 3 real classes; indices are class indices.
        var labels = new Labels(List.of("tench", "goldfish", "shark"), 1);
        List<Prediction> top = Classification.topK(new float[] {0.1f, 0.2f, 0.6f, 0.1f},
                Classification.Scores.PROBABILITIES, labels, 3);
        assertEquals(List.of(new Prediction(1, "goldfish", 0.6f), new Prediction(0, "tench", 0.2f),
                new Prediction(2, "shark", 0.1f)), top);
        // Background the most likely output: still not a prediction, and k beyond the classes gives all of them.
        List<Prediction> all = Classification.topK(new float[] {0.7f, 0.1f, 0.15f, 0.05f},
                Classification.Scores.PROBABILITIES, labels, 5);
        assertEquals(List.of("goldfish", "tench", "shark"), all.stream().map(Prediction::label).toList());
    }

    @Test
    void indexIsTheClassIndexWithAndWithoutLabels() {
        float[] p = {0.05f, 0.1f, 0.8f, 0.05f};
        Prediction labelled = Classification.topK(p, Classification.Scores.PROBABILITIES,
                new Labels(List.of("tench", "goldfish", "shark"), 1), 1).getFirst();
        Prediction unlabelled = Classification.topK(p, Classification.Scores.PROBABILITIES,
                new Labels(List.of(), 1), 1).getFirst();
        assertEquals(new Prediction(1, "goldfish", 0.8f), labelled);
        assertEquals(new Prediction(1, "class_1", 0.8f), unlabelled);
        // No offset: class index = output index.
        assertEquals(2, Classification.topK(p, Classification.Scores.PROBABILITIES, Labels.none(), 1).getFirst().index());
    }

    @Test
    void u8ProbabilitiesAreDequantizedWithScaleAndZeroPoint() {
        // TFLite's u8 softmax: scale 1/256, zero point 0; codes 0 (background), 138, 76, 30, 12.
        Tensor out = Tensor.ofBytes(ElementType.U8, Shape.of(1, 5), (byte) 0, (byte) 138, (byte) 76, (byte) 30, (byte) 12);
        List<Prediction> top = Classification.topK(out, Classification.Scores.PROBABILITIES,
                Optional.of(new OutputQuantization(1.0 / 256, 0)), new Labels(List.of("a", "b", "c", "d"), 1), 5).getFirst();
        assertEquals(List.of(new Prediction(0, "a", 138 / 256f), new Prediction(1, "b", 76 / 256f),
                new Prediction(2, "c", 30 / 256f), new Prediction(3, "d", 12 / 256f)), top);
    }

    @Test
    void i8ProbabilitiesUseTheirZeroPointAndStayInUnitRange() {
        // TFLite's i8 softmax: scale 1/256, zero point -128; code 127 is 255/256.
        Tensor out = Tensor.ofBytes(ElementType.I8, Shape.of(1, 3), (byte) -128, (byte) 127, (byte) -64);
        float[] p = Classification.probabilities(out.toFloatArray(), ElementType.I8, Classification.Scores.PROBABILITIES,
                Optional.of(new OutputQuantization(1.0 / 256, -128)));
        assertArrayEquals(new float[] {0, 255 / 256f, 64 / 256f}, p, 1e-7f);
        // A zero point that would push a code above 1 is clamped: probabilities never leave [0, 1].
        float[] clamped = Classification.probabilities(new float[] {127}, ElementType.I8,
                Classification.Scores.PROBABILITIES, Optional.of(new OutputQuantization(1.0 / 128, -128)));
        assertArrayEquals(new float[] {1f}, clamped);
    }

    @Test
    void quantizedLogitsAreDequantizedBeforeSoftmax() {
        // Codes 10 and 10 + ln(3)/0.01 with scale 0.01: softmax of [0, ln 3] after dequantization.
        float code = 10 + Math.round(Math.log(3) / 0.01);
        float[] p = Classification.probabilities(new float[] {10, code}, ElementType.U8, Classification.Scores.LOGITS,
                Optional.of(new OutputQuantization(0.01, 10)));
        assertArrayEquals(new float[] {0.25f, 0.75f}, p, 2e-3f);
    }

    @Test
    void codesWithoutScaleAreRenormalisedToSumOne() {
        assertTrue(Classification.renormalises(ElementType.U8, Classification.Scores.PROBABILITIES, Optional.empty()));
        assertTrue(!Classification.renormalises(ElementType.U8, Classification.Scores.PROBABILITIES,
                Optional.of(new OutputQuantization(1.0 / 256, 0))));
        assertTrue(!Classification.renormalises(ElementType.F32, Classification.Scores.PROBABILITIES, Optional.empty()));
        float[] u8 = Classification.probabilities(new float[] {0, 150, 50, 50}, ElementType.U8,
                Classification.Scores.PROBABILITIES, Optional.empty());
        assertArrayEquals(new float[] {0, 0.6f, 0.2f, 0.2f}, u8, 1e-7f);
        // i8 codes count from -128.
        float[] i8 = Classification.probabilities(new float[] {-128, 22, -78, -78}, ElementType.I8,
                Classification.Scores.PROBABILITIES, Optional.empty());
        assertArrayEquals(new float[] {0, 0.6f, 0.2f, 0.2f}, i8, 1e-7f);
        Tensor out = Tensor.ofBytes(ElementType.U8, Shape.of(1, 4), (byte) 0, (byte) 150, (byte) 50, (byte) 50);
        List<Prediction> top = Classification.topK(out, Classification.Scores.PROBABILITIES, new Labels(List.of(), 1), 5)
                .getFirst();
        assertEquals(1.0, top.stream().mapToDouble(Prediction::probability).sum(), 1e-6);
        assertEquals(new Prediction(0, "class_0", 0.6f), top.getFirst());
    }

    @Test
    void offsetCoveringTheWholeOutputIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Classification.top(new float[] {1f},
                new Labels(List.of(), 1), 1));
        assertEquals("label offset 1 leaves no classes in an output of 1", e.getMessage());
    }

    @Test
    void missingLabelsFallBackToClassIndex() {
        assertEquals("class_7", Labels.none().label(7));
        assertEquals("class_3", new Labels(List.of("a", "b"), 0).label(3));
    }

    @Test
    void batchedLogitsGiveOneRankingPerImage() {
        Tensor out = Tensor.ofFloats(Shape.of(2, 3, 1, 1), 0, 0, (float) Math.log(2), 5, 0, 0);
        List<List<Prediction>> top = Classification.topK(out, Classification.Scores.LOGITS, Labels.none(), 1);
        assertEquals(2, top.size());
        assertEquals(2, top.get(0).get(0).index());
        assertEquals(0.5f, top.get(0).get(0).probability(), 1e-6f);
        assertEquals(0, top.get(1).get(0).index());
    }

    @Test
    void outputWithoutClassDimensionIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Classification.topK(Tensor.ofFloats(Shape.of(3), 1, 2, 3),
                Classification.Scores.LOGITS, Labels.none(), 1));
        assertEquals("classifier output must be [N, classes], got [3]", e.getMessage());
    }
}
