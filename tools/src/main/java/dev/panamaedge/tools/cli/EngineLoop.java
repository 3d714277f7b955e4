package dev.panamaedge.tools.cli;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Drives one {@link Engine} from {@code threads} callers at once, each calling {@link Engine#run} in a
 * loop on the same input: first a warm-up, then a measured window whose every inference latency is kept.
 * Throughput is completed inferences over the wall time from the common start to the last completion.
 */
final class EngineLoop {
    private static final long PROGRESS_SECONDS = 5;

    private EngineLoop() {
    }

    static BenchResult measure(Engine engine, Map<String, Tensor> inputs, int threads, double warmupSeconds,
                               double seconds, PrintWriter progress) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        progress.printf("bench: %s: warm-up %.0f s, then %.0f s on %d thread%s%n", engine.name(), warmupSeconds,
                seconds, threads, threads == 1 ? "" : "s");
        progress.flush();
        run(engine, inputs, threads, warmupSeconds, progress);
        Window w = run(engine, inputs, threads, seconds, progress);
        long total = 0;
        for (long[] l : w.latencies) {
            total += l.length;
        }
        long[] all = new long[Math.toIntExact(total)];
        int at = 0;
        for (long[] l : w.latencies) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        double elapsed = w.elapsedNanos / 1e9;
        var result = new BenchResult(engine.name(), threads, total, elapsed, total / elapsed,
                LatencySummary.ofNanos(all), threads == 1 ? "one thread calling run() in a loop"
                        : threads + " threads calling run() in a loop on one engine");
        progress.printf("bench: %s: %.1f img/s, p50 %.2f ms%n", engine.name(), result.imagesPerSecond(),
                result.latencyMillis().p50());
        progress.flush();
        return result;
    }

    private record Window(List<long[]> latencies, long elapsedNanos) {
    }

    private static Window run(Engine engine, Map<String, Tensor> inputs, int threads, double seconds,
                              PrintWriter progress) throws InterruptedException {
        var start = new CountDownLatch(1);
        long durationNanos = (long) (seconds * 1e9);
        long[] startNanos = new long[1];
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    long deadline = startNanos[0] + durationNanos;
                    long[] lat = new long[1024];
                    int n = 0;
                    long end = startNanos[0];
                    while (end < deadline) {
                        long t0 = System.nanoTime();
                        engine.run(inputs);
                        end = System.nanoTime();
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = end - t0;
                    }
                    return Arrays.copyOf(lat, n);
                }));
            }
            startNanos[0] = System.nanoTime();
            start.countDown();
            pool.shutdown();
            // A line every few seconds, so a long run on a slow engine visibly makes progress.
            while (!pool.awaitTermination(PROGRESS_SECONDS, TimeUnit.SECONDS)) {
                progress.printf("bench: %s: %d of %.0f s%n", engine.name(),
                        (System.nanoTime() - startNanos[0]) / 1_000_000_000L, seconds);
                progress.flush();
            }
            List<long[]> latencies = new ArrayList<>();
            for (Future<long[]> f : futures) {
                try {
                    latencies.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(engine.name() + " failed during the benchmark: "
                            + Failures.describe(e.getCause()), e.getCause());
                }
            }
            return new Window(latencies, System.nanoTime() - startNanos[0]);
        }
    }
}
