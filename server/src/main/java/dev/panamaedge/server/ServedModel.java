package dev.panamaedge.server;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.Preprocessor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One loaded model version: its engine behind a bounded {@link InferenceQueue}, its card, and optionally a
 * shadow validator. Owns the engine: {@link #retire} drains in-flight requests and then closes it.
 */
public final class ServedModel {
    private static final Logger LOG = Logger.getLogger(ServedModel.class.getName());

    private final String name;
    private final String version;
    private final Engine engine;
    private final ModelCard card;
    private final InferenceQueue queue;
    private final Optional<ShadowValidator> shadow;
    private final Metrics metrics;
    private final ModelSettings settings;
    private final boolean computesOnCaller;
    private final InferenceStatistics statistics = new InferenceStatistics();
    /** Present when the model's settings turn dynamic batching on; absent, requests run as they always did. */
    private final Optional<DynamicBatcher> batcher;
    /** Built on the first image, then kept, so its resize plan serves every frame of the same size. */
    private volatile Preprocessor preprocessor;

    ServedModel(String name, String version, Engine engine, ModelCard card, ModelSettings settings,
                Optional<ShadowValidator> shadow, Metrics metrics) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.card = Objects.requireNonNull(card, "card");
        this.shadow = Objects.requireNonNull(shadow, "shadow");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = settings;
        this.computesOnCaller = settings.engine() == EngineKind.REFERENCE;
        int running = settings.concurrency() > 0 ? settings.concurrency() : Math.max(1, engine.optimalConcurrency());
        this.queue = new InferenceQueue(name + "/" + version, running, settings.queueCapacity());
        this.batcher = settings.batching().isOn()
                ? Optional.of(new DynamicBatcher(name, version, engine, settings.batching(), running, computesOnCaller,
                        metrics, statistics))
                : Optional.empty();
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public ModelCard card() {
        return card;
    }

    /** Triton-style counts and durations of this version's inferences. */
    public InferenceStatistics statistics() {
        return statistics;
    }

    /** The settings it was loaded with (engine, device, concurrency, …). */
    public ModelSettings settings() {
        return settings;
    }

    /**
     * The model's image preprocessing, one instance for all requests (it is thread-safe).
     *
     * @throws IllegalArgumentException when the metadata has no image preprocessing or an unsupported input type
     */
    Preprocessor preprocessor() {
        Preprocessor p = preprocessor;
        if (p == null) {
            // A race builds it twice; either copy serves.
            p = new Preprocessor(card.preprocessing().orElseThrow(() -> new IllegalArgumentException("model " + name
                    + " has no image preprocessing in its metadata; send tensors instead of images")));
            preprocessor = p;
        }
        return p;
    }

    /** How many inferences the engine itself runs at once (the native engine's infer requests). */
    int engineConcurrency() {
        return engine.optimalConcurrency();
    }

    public String engineName() {
        return engine.name();
    }

    public List<TensorSpec> inputs() {
        return engine.inputs();
    }

    public List<TensorSpec> outputs() {
        return engine.outputs();
    }

    /**
     * Runs one inference through the queue; blocks the (virtual) calling thread until it is done.
     *
     * @throws QueueFullException               at once when the queue is full
     * @throws InferenceQueue.RetiredException  when this version was retired after the caller looked it up
     * @throws IllegalArgumentException         for inputs the engine rejects
     */
    Map<String, Tensor> infer(Map<String, Tensor> inputs) throws Exception {
        long admitted = System.nanoTime();
        try {
            Map<String, Tensor> result = batcher.isPresent() ? queue.admit(() -> {
                Map<String, Tensor> out = batcher.get().infer(inputs);
                shadow.ifPresent(s -> s.offer(inputs, out));
                return out;
            }) : queue.submit(() -> {
                long start = System.nanoTime();
                metrics.queueWait(name, version, start - admitted);
                statistics.queued(start - admitted);
                // The reference engine computes on its caller's thread, so it gets a compute thread. The native
                // engine runs here, with run rather than runAsync: this virtual thread parks and OpenVINO's
                // callback wakes it, where runAsync would hand the result through one more thread first.
                Map<String, Tensor> out = computesOnCaller
                        ? ComputeThreads.call(() -> engine.run(inputs))
                        : engine.run(inputs);
                long took = System.nanoTime() - start;
                metrics.inference(name, version, took);
                statistics.computed(took);
                statistics.executed();
                shadow.ifPresent(s -> s.offer(inputs, out));
                return out;
            });
            statistics.succeeded(System.nanoTime() - admitted, BatchTensors.batchOf(inputs));
            return result;
        } catch (InferenceQueue.RetiredException e) {
            throw e; // retried on the replacement version, which counts it
        } catch (Exception e) {
            statistics.failed(System.nanoTime() - admitted);
            throw e;
        }
    }

    /** Inferences run at once (the queue's running slots). */
    public int concurrency() {
        return queue.concurrency();
    }

    /** Requests admitted and waiting: for a slot, or with batching on, for their batch. */
    int queueDepth() {
        return queue.queueDepth() + batcher.map(DynamicBatcher::waiting).orElse(0);
    }

    InferenceQueue queue() {
        return queue;
    }

    /**
     * Refuses a request while the queue is full, before the caller reads its body: under a retry storm the
     * bodies of rejected requests would otherwise be read in full only to be refused.
     *
     * @throws QueueFullException when the queue is full now
     */
    public void refuseIfFull() {
        if (queue.full()) {
            throw queue.fullException();
        }
    }

    /** Stops admission, waits for admitted requests (up to {@code timeoutMillis}), closes the engines. */
    void retire(long timeoutMillis) {
        try {
            if (!queue.retire(timeoutMillis)) {
                LOG.warning(name + "/" + version + ": requests still running after " + timeoutMillis
                        + " ms; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batcher.ifPresent(DynamicBatcher::close);
        shadow.ifPresent(ShadowValidator::close);
        engine.close();
    }
}
