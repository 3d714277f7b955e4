package dev.panamaedge.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How one model is run: engine, OpenVINO device and performance hint, stream/thread counts (0 lets
 * OpenVINO choose), the compiled-model cache directory, and the bounded queue's size.
 *
 * @param hint          {@code LATENCY} or {@code THROUGHPUT}
 * @param precision     OpenVINO's INFERENCE_PRECISION_HINT ({@code f32}, {@code bf16}, {@code f16}), or
 *                      {@code default} for the device's choice (bf16 on CPUs with AMX / AVX-512 BF16)
 * @param queueCapacity requests that may wait beyond the ones running; more are rejected at once
 * @param concurrency   inferences run at once (for the native engine, its infer requests); 0 uses the engine's
 *                      default: twice OpenVINO's OPTIMAL_NUMBER_OF_INFER_REQUESTS, the reference engine's 1
 * @param batching      dynamic batching ({@link Batching#off()} unless configured)
 */
public record ModelSettings(EngineKind engine, String device, String hint, String precision, int streams, int threads,
                            Optional<Path> cacheDir, int queueCapacity, int concurrency, Batching batching) {
    /** Without batching, as before batching existed. */
    public ModelSettings(EngineKind engine, String device, String hint, String precision, int streams, int threads,
                         Optional<Path> cacheDir, int queueCapacity, int concurrency) {
        this(engine, device, hint, precision, streams, threads, cacheDir, queueCapacity, concurrency, Batching.off());
    }

    public ModelSettings {
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (!hint.equals("LATENCY") && !hint.equals("THROUGHPUT")) {
            throw new IllegalArgumentException("hint must be LATENCY or THROUGHPUT, got " + hint);
        }
        if (streams < 0 || threads < 0 || concurrency < 0) {
            throw new IllegalArgumentException("streams, threads and concurrency must be non-negative");
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queue capacity must be non-negative, got " + queueCapacity);
        }
    }

    /** Native engine on CPU, f32, with the throughput hint and a 64-request queue. */
    public static ModelSettings defaults() {
        return new ModelSettings(EngineKind.NATIVE, "CPU", "THROUGHPUT", "f32", 0, 0, Optional.empty(), 64, 0);
    }

    public ModelSettings withEngine(EngineKind kind) {
        return new ModelSettings(kind, device, hint, precision, streams, threads, cacheDir, queueCapacity, concurrency,
                batching);
    }

    public ModelSettings withQueue(int capacity, int running) {
        return new ModelSettings(engine, device, hint, precision, streams, threads, cacheDir, capacity, running,
                batching);
    }

    public ModelSettings withBatching(Batching newBatching) {
        return new ModelSettings(engine, device, hint, precision, streams, threads, cacheDir, queueCapacity, concurrency,
                newBatching);
    }
}
