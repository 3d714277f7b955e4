package dev.panamaedge.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One loaded model on one inference engine: the interface every front end (CLI, server, benchmarks) uses,
 * implemented by the pure-Java reference engine and by the OpenVINO engine.
 *
 * <p>Threads: {@link #run} may be called from several threads at once; implementations pool or serialize
 * internally. {@link #close} is idempotent; after it, {@link #run} throws {@link IllegalStateException}.
 */
public interface Engine extends AutoCloseable {

    /** Short engine name for reports: {@code native}, {@code reference}, … */
    String name();

    /** Model inputs in model order. */
    List<TensorSpec> inputs();

    /** Model outputs in model order. */
    List<TensorSpec> outputs();

    /**
     * Runs one inference (a batch travels in the tensors' batch dimension).
     *
     * @param inputs one tensor per model input, keyed by input name; a model with a single input also
     *               accepts any single key
     * @return one tensor per output, in {@link #outputs()} order, backed by memory the caller owns
     * @throws IllegalArgumentException naming the input and the expected versus actual type or shape
     * @throws IllegalStateException    after {@link #close}
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs);

    /**
     * Starts one inference without blocking where the engine can (OpenVINO's async requests); the default
     * runs {@link #run} on the calling thread and returns a completed future. Failures complete the future
     * exceptionally with the same exceptions {@link #run} throws.
     */
    default CompletableFuture<Map<String, Tensor>> runAsync(Map<String, Tensor> inputs) {
        try {
            return CompletableFuture.completedFuture(run(inputs));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * How many inferences this engine runs well at once (OpenVINO's OPTIMAL_NUMBER_OF_INFER_REQUESTS for
     * the native engine); front ends size their worker pools from it.
     */
    default int optimalConcurrency() {
        return 1;
    }

    @Override
    void close();
}
