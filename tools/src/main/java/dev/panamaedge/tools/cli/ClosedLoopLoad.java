package dev.panamaedge.tools.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop load for {@code edge loadtest} (the default): C clients each send the next request as soon as the
 * last one answered, which measures saturation throughput. A client is a chain of callbacks, not a thread: the
 * answer's own callback (on the transport's event loop for gRPC) records it and sends the next request, so the
 * load generator wakes no thread of its own per request and leaves the cores to the server it measures. After a
 * failed request a client waits ({@link ErrorBackoff}) before the next, on one timer thread the clients share:
 * a failure that answers at once would otherwise make the client spin.
 */
final class ClosedLoopLoad {
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final long measureFrom;
    private final long end;
    private final CountDownLatch finished;
    private final ScheduledExecutorService delayed;

    /** What one run measured: counts by status, the successful requests' latencies in nanoseconds. */
    record Outcome(Map<String, Long> statuses, long[] latencies) {
    }

    private ClosedLoopLoad(long measureFrom, long end, int clients, ScheduledExecutorService delayed) {
        this.measureFrom = measureFrom;
        this.end = end;
        this.finished = new CountDownLatch(clients);
        this.delayed = delayed;
    }

    /**
     * Runs {@code concurrency} clients round-robin over {@code clients} for {@code warmupNanos + durationNanos};
     * only requests sent and answered inside the measured window are counted. Returns once every client's
     * last request has answered (each has the client's own deadline).
     */
    static Outcome run(List<? extends LoadSender> clients, int concurrency, long warmupNanos, long durationNanos)
            throws InterruptedException, TimeoutException {
        if (concurrency < 1 || clients.isEmpty()) {
            throw new IllegalArgumentException("need concurrency >= 1 and a client");
        }
        // The timer's one thread starts with the first failure, so a run without errors never has it.
        ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("loadtest-backoff").daemon().unstarted(r));
        long measureFrom = System.nanoTime() + warmupNanos;
        ClosedLoopLoad load = new ClosedLoopLoad(measureFrom, measureFrom + durationNanos, concurrency, delayed);
        Chain[] chains = new Chain[concurrency];
        try {
            for (int c = 0; c < concurrency; c++) {
                chains[c] = load.new Chain(clients.get(c % clients.size()));
            }
            for (Chain c : chains) {
                c.next();
            }
            // Every request carries a 60 s deadline and no wait is scheduled past the end, so the last answers
            // come within that.
            if (!load.finished.await(durationNanos / 1_000_000 + warmupNanos / 1_000_000 + 90_000,
                    TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("closed-loop clients did not finish");
            }
        } finally {
            delayed.shutdownNow();
        }
        int total = 0;
        for (Chain c : chains) {
            total += c.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (Chain c : chains) {
            System.arraycopy(c.latencies, 0, all, at, c.count);
            at += c.count;
        }
        Map<String, Long> byStatus = new TreeMap<>();
        load.statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
        return new Outcome(byStatus, all);
    }

    /**
     * One client: at most one request outstanding or one wait scheduled; its fields are touched by one callback
     * at a time.
     */
    private final class Chain {
        private final LoadSender client;
        private final ErrorBackoff backoff = new ErrorBackoff();
        private final Runnable resume = this::next;
        private long[] latencies = new long[1 << 12];
        private int count;

        Chain(LoadSender client) {
            this.client = client;
        }

        /**
         * Sends requests until the window ends; a request that answers at once is handled in this loop. A failure
         * hands the next send to the timer instead.
         */
        void next() {
            while (true) {
                long start = System.nanoTime();
                if (start >= end) {
                    finished.countDown();
                    return;
                }
                CompletableFuture<String> reply = client.sendAsync();
                if (!reply.isDone()) {
                    reply.thenAccept(status -> {
                        if (record(start, status)) {
                            next();
                        } else {
                            waitThenNext();
                        }
                    });
                    return;
                }
                if (!record(start, reply.join())) {
                    waitThenNext();
                    return;
                }
            }
        }

        /** After a failure: the next send after the back-off, or none when that would be past the end. */
        private void waitThenNext() {
            long wait = backoff.afterFailure();
            if (System.nanoTime() + wait >= end) {
                finished.countDown();
                return;
            }
            delayed.schedule(resume, wait, TimeUnit.NANOSECONDS);
        }

        /**
         * Counts the answer if it was sent and came inside the measured window; true unless it was a failure (a
         * dropped camera frame is none: the server works as it should).
         */
        private boolean record(long start, String status) {
            long done = System.nanoTime();
            boolean success = client.isSuccess(status);
            boolean fine = success || client.isDropped(status);
            if (fine) {
                backoff.reset();
            }
            if (start < measureFrom || done > end) {
                return fine;
            }
            statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
            if (success) {
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = done - start;
            }
            return fine;
        }
    }
}
