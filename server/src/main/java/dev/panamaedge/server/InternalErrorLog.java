package dev.panamaedge.server;

import dev.panamaedge.server.security.LogText;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs internal errors (500 / INTERNAL) with the request id the client sees: every one gets a line, but the
 * stack trace is written once per kind (exception class and throwing frame) per interval; the later lines
 * name the request whose entry holds it. A failure that repeats under load therefore costs a line, not a
 * trace of many kilobytes, and an operator can still go from a user's request id to a stack trace.
 */
final class InternalErrorLog {
    private static final Logger LOG = Logger.getLogger(ErrorMapping.class.getName());

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Traced> lastTrace = new ConcurrentHashMap<>();

    private record Traced(String requestId, long at) {
    }

    InternalErrorLog(long intervalNanos, LongSupplier nanoClock) {
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /** Logs {@code error} of request {@code id}; returns whether the stack trace was written. */
    boolean failed(String id, Throwable error) {
        StackTraceElement[] frames = error.getStackTrace();
        String kind = error.getClass().getName() + (frames.length > 0 ? "@" + frames[0] : "");
        long now = nanoClock.getAsLong();
        Traced mine = new Traced(id, now);
        Traced before = lastTrace.compute(kind, (k, old) -> old == null || now - old.at() >= intervalNanos ? mine : old);
        String line = "internal error, request id " + id + ": " + LogText.escape(error.toString());
        if (before == mine) {
            LOG.log(Level.SEVERE, line, error);
            return true;
        }
        LOG.severe(line + " (stack trace as logged for " + before.requestId() + ")");
        return false;
    }
}
