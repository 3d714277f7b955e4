package dev.panamaedge.tools.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code edge bench}: one {@link BenchResult} per engine from the same run, and the ratios
 * that compare them ({@code nativeOverBenchmarkAppThroughput}, {@code referenceOverNativeLatencyP50}).
 * {@code onnxRuntime} states the onnxruntime engine's session settings when it ran; {@code skipped} lists the
 * model × engine pairs an engine could not run in a several-model run; {@code accuracy} says what the rows'
 * {@code top1Agreement} and {@code top5Overlap} compare with ({@code --accuracy}).
 */
record BenchReport(int schemaVersion, String model, String device, String hint, String inferencePrecision, int seconds, int cpus,
                   String java, List<BenchResult> results, Map<String, Double> ratios,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String onnxRuntime,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> skipped,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String accuracy) {
}
