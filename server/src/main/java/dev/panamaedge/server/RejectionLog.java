package dev.panamaedge.server;

import dev.panamaedge.server.security.LogText;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Logs rejected requests (bad input, unknown model, too large, full queue, model unavailable) as events, not
 * as a loop: the first rejection of each HTTP status is logged at once, later ones of that status are counted
 * and summarised at most once per interval. An overloaded server therefore writes one line per status every
 * few seconds instead of one per request, and the operator still sees what is being turned away and how often.
 * Messages carry client input (model names, hosts), so their control characters are escaped (LogText).
 */
final class RejectionLog {
    private static final Logger LOG = Logger.getLogger(RejectionLog.class.getName());

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Integer, Window> windows = new ConcurrentHashMap<>();

    /** Counts for one status since its last logged line. */
    private static final class Window {
        private boolean reported;
        private long lastReport;
        private long count;
    }

    RejectionLog(long intervalNanos, LongSupplier nanoClock) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive, got " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * Records one rejection; logs and returns the line when one is due (the first of its status, or the
     * first after the interval), otherwise only counts it.
     */
    Optional<String> rejected(int httpStatus, String grpcCode, String message) {
        Window w = windows.computeIfAbsent(httpStatus, s -> new Window());
        String line;
        synchronized (w) {
            long now = nanoClock.getAsLong();
            w.count++;
            if (w.reported && now - w.lastReport < intervalNanos) {
                return Optional.empty();
            }
            long seconds = Math.round((now - w.lastReport) / 1e9);
            line = "rejected " + httpStatus + " / " + grpcCode + ": " + LogText.escape(message)
                    + (w.reported ? " (" + w.count + (w.count == 1 ? " request" : " requests") + " with this status in the"
                    + " last " + seconds + " s)" : "");
            w.reported = true;
            w.lastReport = now;
            w.count = 0;
        }
        LOG.info(line);
        return Optional.of(line);
    }
}
