package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.util.List;
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
    void topKAppliesLabelOffset() {
        // A 1001-output model (0 = background) with a list of the 3 real classes.
        var labels = new Labels(List.of("tench", "goldfish", "shark"), 1);
        List<Prediction> top = Classification.topK(new float[] {0.1f, 0.2f, 0.6f, 0.1f},
                Classification.Scores.PROBABILITIES, labels, 3);
        assertEquals(List.of(new Prediction(2, "goldfish", 0.6f), new Prediction(1, "tench", 0.2f),
                new Prediction(0, "class_0", 0.1f)), top);
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
