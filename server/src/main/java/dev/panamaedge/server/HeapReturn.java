package dev.panamaedge.server;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives back to the OS the heap a burst of large requests made the JVM commit. A 16 MP decode or a 16 MiB JSON
 * tensor is allocated straight in the old generation, which grows to hold it and, under the Serial GC, shrinks only
 * after a full collection; without one, the process kept ~160 MB more resident long after the burst. So once no
 * large request has finished for {@link #QUIET_MILLIS}, one full collection runs ({@link System#gc()}: a pause of a
 * few tens of milliseconds with the server's ~40 MB live set), and the generation shrinks back (all at once under
 * {@code edge serve}'s {@code -XX:-ShrinkHeapInSteps}). Ordinary requests never trigger it.
 */
final class HeapReturn {
    /** A lease at least this large counts as a large request. */
    static final long LARGE_BYTES = 16L << 20;
    /** How long after the last large request the collection runs: a burst ends before the heap is given back. */
    static final long QUIET_MILLIS = 2_000;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "edge-heap-return");
        t.setDaemon(true);
        return t;
    });
    private static ScheduledFuture<?> pending;

    private HeapReturn() {
    }

    /** A large request gave its memory back: collect once things are quiet. */
    static synchronized void largeRequestDone() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = TIMER.schedule(System::gc, QUIET_MILLIS, TimeUnit.MILLISECONDS);
    }
}
