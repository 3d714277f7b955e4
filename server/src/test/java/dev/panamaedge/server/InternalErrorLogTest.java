package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One stack trace per kind of internal error per interval; other kinds and later intervals get their own. */
final class InternalErrorLogTest {
    private static RuntimeException boom() {
        return new IllegalStateException("boom");
    }

    @Test
    void repeatsOfOneKindShareOneStackTracePerInterval() {
        AtomicLong now = new AtomicLong();
        InternalErrorLog log = new InternalErrorLog(10, now::get);
        assertTrue(log.failed("req-1", boom()));
        assertFalse(log.failed("req-2", boom()));
        assertTrue(log.failed("req-3", new ArithmeticException("other kind")));
        now.set(10);
        assertTrue(log.failed("req-4", boom()), "a new interval traces again");
    }
}
