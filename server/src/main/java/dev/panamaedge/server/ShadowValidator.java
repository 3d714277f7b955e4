package dev.panamaedge.server;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Re-runs a sample of live requests on the reference engine, off the hot path, and records whether the
 * top-1 class agrees and the largest |Δlogit| of the first output.
 *
 * <p>Sampling is deterministic (every request where {@code floor(n·rate)} steps up), so a rate of 0.25
 * shadows exactly every fourth request. One worker thread with a four-slot queue: when the reference engine
 * falls behind, samples are skipped and counted rather than queued without bound or slowing requests.
 */
final class ShadowValidator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ShadowValidator.class.getName());

    private final String model;
    private final String version;
    private final Engine reference;
    private final double rate;
    private final Metrics metrics;
    private final AtomicLong seen = new AtomicLong();
    private final ThreadPoolExecutor worker;

    ShadowValidator(String model, String version, Engine reference, double rate, Metrics metrics) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("shadow sample rate must be in (0, 1], got " + rate);
        }
        this.model = model;
        this.version = version;
        this.reference = reference;
        this.rate = rate;
        this.metrics = metrics;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(4),
                Thread.ofPlatform().daemon().name("shadow-" + model).factory(),
                (r, ex) -> metrics.shadowSkipped(model, version));
    }

    /** Called after a successful live inference; returns at once. */
    void offer(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
        long n = seen.incrementAndGet();
        if (Math.floor(n * rate) == Math.floor((n - 1) * rate)) {
            return;
        }
        if (worker.isShutdown()) {
            return;
        }
        worker.execute(() -> compare(inputs, outputs));
    }

    private void compare(Map<String, Tensor> inputs, Map<String, Tensor> live) {
        try {
            Map<String, Tensor> expected = reference.run(inputs);
            String first = reference.outputs().getFirst().name();
            Tensor liveOut = live.containsKey(first) ? live.get(first) : live.values().iterator().next();
            Tensor refOut = expected.containsKey(first) ? expected.get(first) : expected.values().iterator().next();
            float[] a = liveOut.toFloatArray();
            float[] b = refOut.toFloatArray();
            if (a.length != b.length || a.length == 0) {
                throw new IllegalStateException("shadow output sizes differ: " + a.length + " vs " + b.length);
            }
            long rows = liveOut.shape().rank() > 0 ? Math.max(1, liveOut.shape().dim(0)) : 1;
            int per = (int) (a.length / rows);
            double maxDelta = 0;
            boolean agree = true;
            for (int r = 0; r < rows; r++) {
                int argA = r * per;
                int argB = r * per;
                for (int i = r * per; i < (r + 1) * per; i++) {
                    maxDelta = Math.max(maxDelta, Math.abs((double) a[i] - b[i]));
                    if (a[i] > a[argA]) {
                        argA = i;
                    }
                    if (b[i] > b[argB]) {
                        argB = i;
                    }
                }
                agree &= argA == argB;
            }
            metrics.shadow(model, version, agree, maxDelta);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "shadow run for " + model + " failed", e);
        }
    }

    /** Stops taking samples, finishes the (at most five) pending comparisons, closes the reference engine. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reference.close();
    }
}
