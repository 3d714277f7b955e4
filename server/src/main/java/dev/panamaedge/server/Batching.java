package dev.panamaedge.server;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Dynamic batching of one model, with Triton's names and meaning: requests waiting for the engine are run
 * together, up to {@code max-batch-size} rows per inference; a batch that reaches one of the
 * {@code preferred-batch-sizes} (or the maximum) goes at once, and no request waits longer than
 * {@code max-queue-delay} microseconds for others to join it. A maximum of 1 turns batching off, and the
 * model runs exactly as without this setting.
 *
 * @param maxBatchSize        rows per inference, at least 1; 1 is off
 * @param preferredBatchSizes sizes worth dispatching at once, each in 1..maxBatchSize, ascending
 * @param maxQueueDelayMicros longest wait for company, in microseconds, at least 0
 */
public record Batching(int maxBatchSize, List<Integer> preferredBatchSizes, long maxQueueDelayMicros) {
    public Batching {
        preferredBatchSizes = List.copyOf(preferredBatchSizes);
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max-batch-size must be at least 1, got " + maxBatchSize);
        }
        if (maxQueueDelayMicros < 0) {
            throw new IllegalArgumentException("max-queue-delay must be non-negative, got " + maxQueueDelayMicros);
        }
        int previous = 0;
        for (int p : preferredBatchSizes) {
            if (p < 1 || p > maxBatchSize || p <= previous) {
                throw new IllegalArgumentException("preferred-batch-sizes must ascend within 1.." + maxBatchSize
                        + " (max-batch-size), got " + preferredBatchSizes);
            }
            previous = p;
        }
    }

    /** Batching off: one request per inference. */
    public static Batching off() {
        return new Batching(1, List.of(), 0);
    }

    public boolean isOn() {
        return maxBatchSize > 1;
    }

    /**
     * The batch sizes a model is compiled for: 1, the preferred sizes and the maximum; without preferred sizes,
     * the powers of two below the maximum, so a batch that goes early splits into few parts.
     */
    public SortedSet<Integer> compiledSizes() {
        TreeSet<Integer> sizes = new TreeSet<>(preferredBatchSizes);
        sizes.add(1);
        sizes.add(maxBatchSize);
        if (preferredBatchSizes.isEmpty()) {
            for (int p = 2; p < maxBatchSize; p *= 2) {
                sizes.add(p);
            }
        }
        return Collections.unmodifiableSortedSet(sizes);
    }

    /** Parses {@code "4,8"} (blank: none). */
    static List<Integer> parseSizes(String value) {
        if (value.isBlank()) {
            return List.of();
        }
        try {
            return java.util.Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("preferred-batch-sizes must be integers like 4,8, got '" + value + "'",
                    e);
        }
    }
}
