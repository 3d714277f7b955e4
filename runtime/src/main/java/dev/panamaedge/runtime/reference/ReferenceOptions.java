package dev.panamaedge.runtime.reference;

/**
 * How a {@link ReferenceEngine} runs.
 *
 * @param threads threads that share one inference's kernels (the calling thread plus {@code threads - 1}
 *                daemon threads in the engine's own pool); at least 1
 */
public record ReferenceOptions(int threads) {
    public ReferenceOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** One thread per available processor. */
    public static ReferenceOptions defaults() {
        return new ReferenceOptions(Runtime.getRuntime().availableProcessors());
    }
}
