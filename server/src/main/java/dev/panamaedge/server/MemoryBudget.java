package dev.panamaedge.server;

import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes of heap that one kind of request memory may hold at once, process-wide: request bodies in flight, or the
 * working memory of a decode or a JSON parse. A request reserves its share before the large allocation and gives it
 * back when the request is done, so concurrent large inputs take turns instead of exhausting the heap together.
 *
 * <p>A request that alone needs more than the whole budget is refused at once (413 / RESOURCE_EXHAUSTED). One that
 * fits but finds the budget busy waits, in arrival order, up to {@link #WAIT_MILLIS}, and is then refused as the
 * server being busy (503 / RESOURCE_EXHAUSTED, retry). A thread that already holds a lease of this budget (a JSON
 * request about to decode the image it carried) never waits for a second one: held-and-waiting leases could
 * otherwise fill the budget and wait for each other.
 *
 * <p>Counted in KiB, so a {@link Semaphore} covers budgets up to 2 TiB.
 */
public final class MemoryBudget {
    /** How long a request waits for its share: a few large decodes' time, well inside any client timeout. */
    public static final long WAIT_MILLIS = 10_000;

    private final String purpose;
    private final long bytes;
    private final Semaphore kib;
    private final ThreadLocal<int[]> heldByThread = ThreadLocal.withInitial(() -> new int[1]);
    private final LongAdder refusals = new LongAdder();

    /**
     * @param purpose what the budget holds, for messages ("request bodies", "decoding and parsing")
     * @param bytes   its size
     */
    public MemoryBudget(String purpose, long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("a memory budget needs at least 1024 bytes, got " + bytes);
        }
        this.purpose = purpose;
        this.bytes = bytes;
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, bytes >> 10), true);
    }

    public long bytes() {
        return bytes;
    }

    /** Reservations refused so far: too large for the whole budget, or the budget busy. */
    public long refusals() {
        return refusals.sum();
    }

    /** Bytes reserved now. */
    public long reservedBytes() {
        return ((bytes >> 10) - kib.availablePermits()) << 10;
    }

    /**
     * Reserves {@code need} bytes for {@code what}, waiting for them as the class comment says.
     *
     * @throws PayloadTooLargeException when {@code need} exceeds the whole budget
     * @throws QueueFullException       when the bytes did not become free in time (the server is busy: retry)
     */
    public Lease reserve(long need, String what) {
        int permits = permits(need, what);
        boolean got;
        try {
            got = heldByThread.get()[0] > 0 ? kib.tryAcquire(permits)
                    : kib.tryAcquire(permits, WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            throw busy(need, what);
        }
        heldByThread.get()[0]++;
        return new Lease(permits, true);
    }

    /**
     * Reserves {@code need} bytes for {@code what} without waiting, for a caller that must not block (an HTTP/2
     * stream's thread reading a gRPC message, which must keep taking its frames). The lease belongs to no thread:
     * any thread may close it, and it never counts as held by the thread that made it.
     *
     * @throws PayloadTooLargeException when {@code need} exceeds the whole budget
     * @throws QueueFullException       when the bytes are not free now (the server is busy: retry)
     */
    public Lease reserveNow(long need, String what) {
        int permits = permits(need, what);
        if (!kib.tryAcquire(permits)) {
            throw busy(need, what);
        }
        return new Lease(permits, false);
    }

    /** KiB permits for {@code need}; refuses (and counts) a need larger than the whole budget. */
    private int permits(long need, String what) {
        if (need > bytes) {
            refusals.increment();
            throw new PayloadTooLargeException(what + " needs " + mib(need) + " of server memory, more than the "
                    + mib(bytes) + " the server has for " + purpose);
        }
        return (int) Math.max(1, (need + 1023) >> 10);
    }

    /** The refusal (counted) of a need that fits the budget but not what is free of it. */
    private QueueFullException busy(long need, String what) {
        refusals.increment();
        return new QueueFullException("server memory for " + purpose + " is busy (" + what + " needs " + mib(need)
                + " of " + mib(bytes) + "); retry later");
    }

    private static String mib(long n) {
        return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }

    /**
     * A reservation; closing it gives the bytes back. One from {@link #reserve} is closed once, on the thread that
     * made it; one from {@link #reserveNow} by any thread, at most once taking effect.
     */
    public final class Lease implements AutoCloseable {
        private int permits;
        private boolean closed;
        private final boolean heldByMaker;

        private Lease(int permits, boolean heldByMaker) {
            this.permits = permits;
            this.heldByMaker = heldByMaker;
        }

        /** Gives back what the request turned out not to need: a chunked body shorter than the limit. */
        public synchronized void shrinkTo(long need) {
            int keep = (int) Math.max(1, (need + 1023) >> 10);
            if (!closed && keep < permits) {
                kib.release(permits - keep);
                permits = keep;
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                kib.release(permits);
                if (heldByMaker) {
                    heldByThread.get()[0]--;
                }
                if ((long) permits << 10 >= HeapReturn.LARGE_BYTES) {
                    HeapReturn.largeRequestDone();
                }
            }
        }
    }
}
