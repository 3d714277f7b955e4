package dev.panamaedge.tools.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;

/**
 * Latency percentiles in milliseconds. {@code p90}/{@code p99} are {@code null} where the source reports
 * only a median (OpenVINO's {@code benchmark_app} prints one percentile per run).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LatencySummary(Double p50, Double p90, Double p99, Double mean, Double min, Double max) {

    /** Nearest-rank percentiles of per-inference latencies given in nanoseconds. */
    static LatencySummary ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no latencies recorded");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new LatencySummary(millis(percentile(sorted, 50)), millis(percentile(sorted, 90)),
                millis(percentile(sorted, 99)), sum / sorted.length / 1e6, millis(sorted[0]),
                millis(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile: the smallest value with at least {@code p} % of the values at or below it. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
