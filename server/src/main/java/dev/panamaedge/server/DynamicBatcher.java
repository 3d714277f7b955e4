package dev.panamaedge.server;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dynamic batching for one served model version ({@link Batching}): admitted requests wait here, one scheduler
 * thread groups them into batches of up to {@code max-batch-size} rows and starts each on a virtual thread once
 * one of the engine's {@code concurrency} inference slots is free; each caller gets its own rows of the outputs.
 *
 * <p>A batch goes when it is full, when it has reached a preferred size and nobody else is waiting, or when its
 * oldest request has waited {@code max-queue-delay}; while every slot is busy it keeps growing up to the
 * maximum, which is where batching pays. A batch of one runs the request's own tensors, as without batching; a
 * larger one is copied once, row after row, into native memory the engine reads in place (OpenVINO's
 * {@code setInputMemory}), which replaces the copy into the engine's own buffer a single request gets.
 *
 * <p>A caller interrupted while waiting (a cancelled call, a closed stream) cancels its entry: it is left out of
 * any batch not yet started, and the others run without it. Admission, the queue bound and its immediate
 * rejection stay with {@link InferenceQueue#admit}.
 */
final class DynamicBatcher {
    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class.getName());
    private static final long IDLE_POLL_MILLIS = 200;

    private final String model;
    private final String version;
    private final Engine engine;
    private final Batching batching;
    private final Set<Integer> preferred;
    /** The batch sizes the engine is compiled for (native), empty when it runs any size (reference). */
    private final Set<Integer> dispatchSizes;
    private final long delayNanos;
    private final boolean computesOnCaller;
    private final Metrics metrics;
    private final InferenceStatistics statistics;
    private final Semaphore slots;
    private final LinkedBlockingDeque<Pending> waiting = new LinkedBlockingDeque<>();
    private final Thread scheduler;
    private volatile boolean closed;

    /** One request: its inputs (batch dimension {@code rows}), when it arrived, where its answer goes. */
    private record Pending(Map<String, Tensor> inputs, int rows, long arrivedNanos,
                           CompletableFuture<Map<String, Tensor>> result) {
    }

    DynamicBatcher(String model, String version, Engine engine, Batching batching, int concurrency, boolean computesOnCaller,
                   Metrics metrics, InferenceStatistics statistics) {
        if (!batching.isOn()) {
            throw new IllegalArgumentException("batching is off for " + model);
        }
        this.model = model;
        this.version = version;
        this.engine = engine;
        this.batching = batching;
        this.preferred = Set.copyOf(batching.preferredBatchSizes());
        this.dispatchSizes = computesOnCaller ? Set.of() : Set.copyOf(batching.compiledSizes());
        this.delayNanos = TimeUnit.MICROSECONDS.toNanos(batching.maxQueueDelayMicros());
        this.computesOnCaller = computesOnCaller;
        this.metrics = metrics;
        this.statistics = statistics;
        this.slots = new Semaphore(Math.max(1, concurrency));
        this.scheduler = Thread.ofVirtual().name("edge-batcher-" + model).start(this::schedule);
    }

    /**
     * Runs {@code inputs} in a batch with others; blocks the (virtual) caller until its rows are back.
     *
     * @throws IllegalArgumentException when the request's own batch exceeds {@code max-batch-size}
     * @throws InterruptedException     when the caller is interrupted while waiting (its entry is cancelled)
     */
    Map<String, Tensor> infer(Map<String, Tensor> inputs) throws Exception {
        long rows = BatchTensors.batchOf(inputs);
        if (rows > batching.maxBatchSize()) {
            throw new IllegalArgumentException("a batch of " + rows + " exceeds max-batch-size "
                    + batching.maxBatchSize() + " of model " + model + "; send at most that many per request");
        }
        if (closed) {
            throw new InferenceQueue.RetiredException(model);
        }
        Pending p = new Pending(inputs, (int) rows, System.nanoTime(), new CompletableFuture<>());
        waiting.add(p);
        try {
            return p.result().get();
        } catch (InterruptedException e) {
            p.result().cancel(false);
            throw e;
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    /** Requests waiting for a batch now. */
    int waiting() {
        return waiting.size();
    }

    /** Stops the scheduler once the queue has drained (after {@link InferenceQueue#retire}); idempotent. */
    void close() {
        closed = true;
        scheduler.interrupt();
        for (Pending p; (p = waiting.poll()) != null; ) {
            p.result().completeExceptionally(new InferenceQueue.RetiredException(model));
        }
    }

    private void schedule() {
        while (!closed) {
            try {
                Pending first = waiting.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null || first.result().isDone()) {
                    continue;
                }
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                int rows = gather(batch, first.rows(), first.arrivedNanos() + delayNanos);
                slots.acquire();
                rows = topUp(batch, rows);
                batch.removeIf(p -> p.result().isDone());
                if (batch.isEmpty()) {
                    slots.release();
                    continue;
                }
                keepCompiledSize(batch);
                start(batch, batch.stream().mapToInt(Pending::rows).sum());
            } catch (InterruptedException e) {
                if (!closed) {
                    LOG.warning(model + ": batcher interrupted while open; continuing");
                }
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, model + ": batcher failed; continuing", e);
            }
        }
    }

    /** Adds arrivals until the batch is full, reaches a preferred size with none waiting, or the deadline. */
    private int gather(List<Pending> batch, int rows, long deadlineNanos) throws InterruptedException {
        while (rows < batching.maxBatchSize()) {
            if (preferred.contains(rows) && waiting.isEmpty()) {
                return rows;
            }
            long left = deadlineNanos - System.nanoTime();
            Pending next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : waiting.poll();
            if (next == null) {
                return rows;
            }
            if (next.result().isDone()) {
                continue;
            }
            if (rows + next.rows() > batching.maxBatchSize()) {
                waiting.addFirst(next);
                return rows;
            }
            batch.add(next);
            rows += next.rows();
        }
        return rows;
    }

    /** Whoever arrived while the batch waited for a slot joins it, up to the maximum. */
    private int topUp(List<Pending> batch, int rows) {
        while (rows < batching.maxBatchSize()) {
            Pending next = waiting.pollFirst();
            if (next == null) {
                break;
            }
            if (next.result().isDone()) {
                continue;
            }
            if (rows + next.rows() > batching.maxBatchSize()) {
                waiting.addFirst(next);
                break;
            }
            batch.add(next);
            rows += next.rows();
        }
        return rows;
    }

    /**
     * Trims the batch to the longest run of its requests whose rows make a size the engine is compiled for, and puts
     * the rest back at the head of the queue for the next batch: a batch of another size would run split into
     * parts on several compiled models at once (StaticBatchEngine), which measured slower than either.
     */
    private void keepCompiledSize(List<Pending> batch) {
        if (dispatchSizes.isEmpty()) {
            return;
        }
        int keep = 0;
        int rows = 0;
        for (int i = 0; i < batch.size(); i++) {
            rows += batch.get(i).rows();
            if (dispatchSizes.contains(rows)) {
                keep = i + 1;
            }
        }
        if (keep == 0 || keep == batch.size()) {
            return; // already a compiled size, or its first request alone is not one: it runs as it is
        }
        for (int i = batch.size() - 1; i >= keep; i--) {
            waiting.addFirst(batch.remove(i));
        }
    }

    private void start(List<Pending> batch, int rows) {
        long now = System.nanoTime();
        for (Pending p : batch) {
            metrics.batchWait(model, version, now - p.arrivedNanos());
            statistics.queued(now - p.arrivedNanos());
        }
        metrics.batchSize(model, version, rows);
        Thread.ofVirtual().name("edge-batch-" + model).start(() -> run(batch, rows));
    }

    private void run(List<Pending> batch, int rows) {
        try {
            long start = System.nanoTime();
            Map<String, Tensor> out;
            if (batch.size() == 1) {
                out = runEngine(batch.getFirst().inputs());
            } else if (computesOnCaller) {
                // The reference engine reads its inputs on a compute thread: heap memory, not a confined arena.
                out = runEngine(BatchTensors.stack(batch.stream().map(Pending::inputs).toList(), null));
            } else {
                try (Arena arena = Arena.ofConfined()) {
                    out = runEngine(BatchTensors.stack(batch.stream().map(Pending::inputs).toList(), arena));
                }
            }
            long took = System.nanoTime() - start;
            metrics.inference(model, version, took);
            statistics.executed();
            int offset = 0;
            for (Pending p : batch) {
                statistics.computed(took);
                p.result().complete(batch.size() == 1 ? out : BatchTensors.rows(out, offset, p.rows(), rows));
                offset += p.rows();
            }
        } catch (Throwable t) {
            for (Pending p : batch) {
                p.result().completeExceptionally(t);
            }
        } finally {
            slots.release();
        }
    }

    private Map<String, Tensor> runEngine(Map<String, Tensor> inputs) throws Exception {
        return computesOnCaller ? ComputeThreads.call(() -> engine.run(inputs)) : engine.run(inputs);
    }

    private static Exception rethrowable(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof CancellationException c) {
            return c;
        }
        return cause instanceof Exception e ? e : new IllegalStateException(cause);
    }
}
