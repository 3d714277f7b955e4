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
    private final boolean computesOnCaller;
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
        this.computesOnCaller = settings.engine() == EngineKind.REFERENCE;
        int running = settings.concurrency() > 0 ? settings.concurrency() : Math.max(1, engine.optimalConcurrency());
        this.queue = new InferenceQueue(name + "/" + version, running, settings.queueCapacity());
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
        return queue.submit(() -> {
            long start = System.nanoTime();
            metrics.queueWait(name, version, start - admitted);
            // The reference engine computes on its caller's thread, so it gets a compute thread. The native
            // engine runs here, with run rather than runAsync: this virtual thread parks and OpenVINO's callback
            // wakes it, where runAsync would hand the result through one more thread first.
            Map<String, Tensor> out = computesOnCaller
                    ? ComputeThreads.call(() -> engine.run(inputs))
                    : engine.run(inputs);
            metrics.inference(name, version, System.nanoTime() - start);
            shadow.ifPresent(s -> s.offer(inputs, out));
            return out;
        });
    }

    InferenceQueue queue() {
        return queue;
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
        shadow.ifPresent(ShadowValidator::close);
        engine.close();
    }
}
