package dev.panamaedge.tools.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One engine's measurement in an {@code edge bench} run.
 *
 * @param engine          {@code native}, {@code reference} or {@code benchmark_app}
 * @param threads         concurrent callers (or benchmark_app's parallel infer requests)
 * @param iterations      completed inferences in the measured window
 * @param seconds         length of the measured window
 * @param imagesPerSecond completed inferences per second (batch 1)
 * @param latencyMillis   per-inference latency
 * @param note            how the number was obtained, where it is not obvious
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BenchResult(String engine, int threads, long iterations, double seconds, double imagesPerSecond,
                   LatencySummary latencyMillis, String note) {
    BenchResult {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(latencyMillis, "latencyMillis");
    }
}
