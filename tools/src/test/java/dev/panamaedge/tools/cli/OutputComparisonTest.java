package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class OutputComparisonTest {

    @Test
    void identicalOutputsAgreeFully() {
        var c = new OutputComparison();
        float[] v = {1, 5, 3, -2, 0, 4};
        c.add("a", v, v.clone());
        assertEquals(1.0, c.top1Agreement());
        assertEquals(1.0, c.top5Overlap());
        assertEquals(0.0, c.maxAbsDiff());
        assertEquals(7.0, c.range());
        assertEquals(1.0, c.minCosine(), 1e-12);
    }

    @Test
    void differencesAndTopKAreCounted() {
        var c = new OutputComparison();
        float[] ref = {0, 1, 2, 3, 4, 5, 6};
        float[] cand = {0, 1, 2, 3, 4, 6.5f, 6};  // top-1 moves from 6 to 5; top-5 sets stay the same
        c.add("x", ref, cand);
        c.add("y", ref, ref.clone());
        assertEquals(0.5, c.top1Agreement());
        assertEquals(1.0, c.top5Overlap());
        assertEquals(1.5, c.maxAbsDiff(), 1e-9);
        assertEquals(1.5 / 14, c.meanAbsDiff(), 1e-9);
        assertEquals(6.0, c.range());
        assertEquals(1, c.mismatches().size());
        var m = c.mismatches().get(0);
        assertEquals("x", m.sample());
        assertEquals(6, m.referenceTop1());
        assertEquals(5, m.candidateTop1());
        assertEquals(1.0, m.referenceMargin(), 1e-9);
    }

    @Test
    void cosineOfOrthogonalVectorsIsZero() {
        var c = new OutputComparison();
        c.add("o", new float[] {1, 0}, new float[] {0, 1});
        assertEquals(0.0, c.minCosine(), 1e-12);
        assertEquals(0.0, c.top1Agreement());
    }

    @Test
    void lengthMismatchAndNanAreRejected() {
        var c = new OutputComparison();
        assertThrows(IllegalArgumentException.class, () -> c.add("l", new float[] {1, 2}, new float[] {1}));
        var e = assertThrows(IllegalArgumentException.class,
                () -> c.add("n", new float[] {1, 2}, new float[] {1, Float.NaN}));
        assertEquals("n: output 1 is NaN (reference 2.0, candidate NaN)", e.getMessage());
    }
}
