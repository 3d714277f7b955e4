package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Top-1 agreement with and without the tie rule, on hand-written score vectors. */
final class AgreementTest {

    @Test
    void rankingListsTheBestFirstAndEveryTiedMaximum() {
        Ranking r = Ranking.of(new float[] {3, 7, 1, 7, 5}, 3);
        assertArrayEquals(new int[] {1, 3, 4}, r.top());
        assertArrayEquals(new int[] {1, 3}, r.tied());
    }

    @Test
    void aTop1AmongTheOthersTiedMaximaAgreesOnlyCountingTies() {
        Ranking[] reference = {
            Ranking.of(new float[] {1, 9, 2}, 3), // same top-1 as the candidate
            Ranking.of(new float[] {1, 2, 9}, 3), // class 2, which the candidate ties with class 0 at 107
            Ranking.of(new float[] {9, 2, 1}, 3), // class 0, the candidate clearly prefers class 1
        };
        Ranking[] candidate = {
            Ranking.of(new float[] {0, 9, 0}, 3),
            Ranking.of(new float[] {107, 96, 107}, 3),
            Ranking.of(new float[] {8, 9, 1}, 3),
        };
        Agreement a = Agreement.compare(reference, candidate);
        assertEquals(1, a.top1());
        assertEquals(2, a.top1WithTies());
        assertEquals(3, a.top1InTop5());
        assertEquals(List.of(2), a.misses());
        // The rule is symmetric: the reference's own tie covers the candidate's top-1 the same way.
        assertEquals(2, Agreement.compare(candidate, reference).top1WithTies());
    }
}
