package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class LatencySummaryTest {

    @Test
    void nearestRankPercentilesOfOneToHundredMillis() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[99 - i] = (i + 1) * 1_000_000L; // reversed: the summary must sort
        }
        LatencySummary s = LatencySummary.ofNanos(nanos);
        assertEquals(50.0, s.p50());
        assertEquals(90.0, s.p90());
        assertEquals(99.0, s.p99());
        assertEquals(50.5, s.mean(), 1e-9);
        assertEquals(1.0, s.min());
        assertEquals(100.0, s.max());
    }

    @Test
    void singleSampleIsEveryPercentile() {
        LatencySummary s = LatencySummary.ofNanos(new long[] {2_500_000});
        assertEquals(2.5, s.p50());
        assertEquals(2.5, s.p99());
    }

    @Test
    void percentileRoundsTheRankUp() {
        long[] sorted = {10, 20, 30};
        assertEquals(20, LatencySummary.percentile(sorted, 50));
        assertEquals(30, LatencySummary.percentile(sorted, 90));
        assertEquals(10, LatencySummary.percentile(sorted, 0));
    }

    @Test
    void noSamplesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LatencySummary.ofNanos(new long[0]));
    }
}
