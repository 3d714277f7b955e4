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
 * @param model           the model's name, in a run over several models
 * @param inferencePrecision the inference precision the row ran at: what the compiled model reports for the
 *                        native engine, the hint passed to benchmark_app (or {@code default}), {@code f32}
 *                        for the reference engine
 * @param top1Agreement   with {@code --accuracy}: the share of inputs whose top-1 equals the FP32 baseline's
 * @param top5Overlap     with {@code --accuracy}: the share of inputs whose baseline top-1 is in this row's top 5
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BenchResult(String engine, int threads, long iterations, double seconds, double imagesPerSecond,
                   LatencySummary latencyMillis, String note, String model, String inferencePrecision,
                   Double top1Agreement, Double top5Overlap) {
    BenchResult {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(latencyMillis, "latencyMillis");
    }

    BenchResult(String engine, int threads, long iterations, double seconds, double imagesPerSecond,
                LatencySummary latencyMillis, String note) {
        this(engine, threads, iterations, seconds, imagesPerSecond, latencyMillis, note, null, null, null, null);
    }

    /** The same measurement labelled with the model and the precision it ran at. */
    BenchResult labelled(String modelName, String precision) {
        return new BenchResult(engine, threads, iterations, seconds, imagesPerSecond, latencyMillis, note, modelName,
                precision, top1Agreement, top5Overlap);
    }

    /** The same measurement with its accuracy against the baseline. */
    BenchResult withAccuracy(BenchAccuracy.Result a) {
        return new BenchResult(engine, threads, iterations, seconds, imagesPerSecond, latencyMillis, note, model,
                inferencePrecision, a.top1Agreement(), a.top5Overlap());
    }
}
