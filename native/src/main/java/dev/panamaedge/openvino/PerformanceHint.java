package dev.panamaedge.openvino;

/**
 * OpenVINO's {@code PERFORMANCE_HINT}: lets the device pick streams, threads and batching for a goal
 * instead of tuning them by hand.
 */
public enum PerformanceHint {
    /** One request at a time, as fast as possible. */
    LATENCY,
    /** Many requests in parallel; pair it with a pool of {@code OPTIMAL_NUMBER_OF_INFER_REQUESTS}. */
    THROUGHPUT,
    /** Throughput summed over several devices (AUTO/MULTI). */
    CUMULATIVE_THROUGHPUT
}
