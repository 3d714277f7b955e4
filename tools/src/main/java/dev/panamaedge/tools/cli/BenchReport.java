package dev.panamaedge.tools.cli;

import java.util.List;
import java.util.Map;

/**
 * The result of {@code edge bench}: one {@link BenchResult} per engine from the same run, and the ratios
 * that compare them ({@code nativeOverBenchmarkAppThroughput}, {@code referenceOverNativeLatencyP50}).
 */
record BenchReport(int schemaVersion, String model, String device, String hint, String inferencePrecision, int seconds, int cpus,
                   String java, List<BenchResult> results, Map<String, Double> ratios) {
}
