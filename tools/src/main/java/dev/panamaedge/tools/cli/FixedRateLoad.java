package dev.panamaedge.tools.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load for {@code edge loadtest --rate}: requests leave at fixed intervals whatever the server
 * does, so a slow answer cannot hold the next request back (a closed loop would slow down with the server and
 * hide its queueing). Each latency counts from the request's scheduled send time, not from when the client
 * got round to sending it. Requests in flight are capped; a request due while the cap is reached is not sent
 * and counts as {@code CLIENT_BACKLOG}, which the report shows as an error: the offered rate was not met.
 */
final class FixedRateLoad {
    static final String BACKLOG = "CLIENT_BACKLOG";

    private final long[] latencies;
    private final Map<String, Long> statuses = new TreeMap<>();
    private int successes;

    /** What one run measured: counts by status and the successful requests' latencies in nanoseconds. */
    record Outcome(Map<String, Long> statuses, long[] latencies) {
    }

    private FixedRateLoad(int expected) {
        latencies = new long[Math.max(16, expected)];
    }

    /**
     * Sends {@code rate} requests per second for {@code warmupNanos + durationNanos}, round-robin over
     * {@code clients}; only requests scheduled inside the measured window are counted. Waits for the last
     * answers (each request has the client's own deadline) before returning.
     */
    static Outcome run(List<? extends LoadSender> clients, double rate, int maxInFlight, long warmupNanos, long durationNanos)
            throws InterruptedException, TimeoutException {
        if (!(rate > 0) || maxInFlight < 1 || clients.isEmpty()) {
            throw new IllegalArgumentException("need rate > 0, maxInFlight >= 1 and a client");
        }
        FixedRateLoad load = new FixedRateLoad((int) Math.min(1 << 24, Math.ceil(rate * durationNanos / 1e9) + 1));
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 1_000_000;
        long measureFrom = start + warmupNanos;
        long end = measureFrom + durationNanos;
        AtomicInteger inFlight = new AtomicInteger();
        Phaser outstanding = new Phaser(1);
        for (long k = 0; ; k++) {
            long due = start + (long) (k * interval);
            if (due >= end) {
                break;
            }
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
            }
            boolean measured = due >= measureFrom;
            if (inFlight.get() >= maxInFlight) {
                if (measured) {
                    load.record(BACKLOG, false, 0);
                }
                continue;
            }
            inFlight.incrementAndGet();
            outstanding.register();
            LoadSender client = clients.get((int) (k % clients.size()));
            client.sendAsync().whenComplete((status, never) -> {
                long done = System.nanoTime();
                inFlight.decrementAndGet();
                if (measured) {
                    load.record(status, client.isSuccess(status), done - due);
                }
                outstanding.arriveAndDeregister();
            });
        }
        // Every request carries a 60 s deadline, so the last answers come within that.
        outstanding.awaitAdvanceInterruptibly(outstanding.arrive(), 90, TimeUnit.SECONDS);
        return load.outcome();
    }

    private synchronized void record(String status, boolean success, long nanos) {
        statuses.merge(status, 1L, Long::sum);
        if (success && successes < latencies.length) {
            latencies[successes++] = nanos;
        }
    }

    private synchronized Outcome outcome() {
        return new Outcome(new TreeMap<>(statuses), Arrays.copyOf(latencies, successes));
    }
}
