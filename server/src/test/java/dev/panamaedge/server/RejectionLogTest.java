package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rejections are logged once, then summarised per status and interval (a fake clock, no waiting). */
final class RejectionLogTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void firstRejectionIsLoggedAtOnceThenOneSummaryPerInterval() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        RejectionLog log = new RejectionLog(10 * SECOND, now::get);
        assertEquals(Optional.of("rejected 503 / RESOURCE_EXHAUSTED: queue for model m/1 is full"),
                log.rejected(503, "RESOURCE_EXHAUSTED", "queue for model m/1 is full"));
        for (int i = 0; i < 41; i++) {
            now.addAndGet(SECOND / 5);
            assertEquals(Optional.empty(), log.rejected(503, "RESOURCE_EXHAUSTED", "queue for model m/1 is full"),
                    "within the interval, request " + i);
        }
        // 41 × 0.2 s = 8.2 s so far; the 42nd rejection at 10.2 s is due and reports all 42 since the first.
        now.addAndGet(2 * SECOND);
        assertEquals(Optional.of("rejected 503 / RESOURCE_EXHAUSTED: queue for model m/1 is full"
                        + " (42 requests with this status in the last 10 s)"),
                log.rejected(503, "RESOURCE_EXHAUSTED", "queue for model m/1 is full"));
        now.addAndGet(60 * SECOND);
        assertEquals(Optional.of("rejected 503 / RESOURCE_EXHAUSTED: again (1 request with this status in the last"
                + " 60 s)"), log.rejected(503, "RESOURCE_EXHAUSTED", "again"));
    }

    @Test
    void eachStatusHasItsOwnWindow() {
        AtomicLong now = new AtomicLong();
        RejectionLog log = new RejectionLog(10 * SECOND, now::get);
        assertEquals(Optional.of("rejected 503 / RESOURCE_EXHAUSTED: full"), log.rejected(503, "RESOURCE_EXHAUSTED",
                "full"));
        assertEquals(Optional.of("rejected 400 / INVALID_ARGUMENT: bad shape"), log.rejected(400, "INVALID_ARGUMENT",
                "bad shape"));
        assertEquals(Optional.empty(), log.rejected(400, "INVALID_ARGUMENT", "bad shape again"));
        assertEquals(Optional.of("rejected 404 / NOT_FOUND: unknown model 'x'"), log.rejected(404, "NOT_FOUND",
                "unknown model 'x'"));
    }

    @Test
    void intervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RejectionLog(0, System::nanoTime));
    }
}
