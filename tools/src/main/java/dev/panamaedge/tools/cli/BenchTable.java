package dev.panamaedge.tools.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** The text form of an {@code edge bench} report: a header, one row per measurement, then the ratios. */
final class BenchTable {
    private BenchTable() {
    }

    static void print(PrintWriter out, BenchReport r) {
        out.printf(Locale.ROOT, "bench %s on %s, hint %s, inference precision %s, %d s per engine, %d CPUs, Java %s%n",
                r.model(), r.device(), r.hint(), r.inferencePrecision(), r.seconds(), r.cpus(), r.java());
        if (r.onnxRuntime() != null) {
            out.println("onnxruntime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion() + ": "
                    + r.onnxRuntime());
        }
        r.skipped().forEach(s -> out.println("skipped " + s));
        if (r.accuracy() != null) {
            out.println("accuracy: " + r.accuracy());
        }
        int width = Math.max(5, r.results().stream().mapToInt(b -> b.model().length()).max().orElse(5));
        int engineWidth = Math.max(14, r.results().stream().mapToInt(b -> b.engine().length()).max().orElse(14));
        String row = "  %-" + width + "s %-" + engineWidth + "s %-9s %7s %10s %9s %9s %9s %9s %7s %7s%n";
        out.printf(Locale.ROOT, row, "model", "engine", "precision", "threads", "img/s", "p50 ms", "p90 ms", "p99 ms",
                "mean ms", "top-1 %", "top-5 %");
        for (BenchResult b : r.results()) {
            LatencySummary l = b.latencyMillis();
            out.printf(Locale.ROOT, row, b.model(), b.engine(), b.inferencePrecision(), b.threads(),
                    String.format(Locale.ROOT, "%.1f", b.imagesPerSecond()), ms(l.p50()), ms(l.p90()), ms(l.p99()),
                    ms(l.mean()), percent(b.top1Agreement()), percent(b.top5Overlap()));
        }
        int key = Math.max(34, r.ratios().keySet().stream().mapToInt(String::length).max().orElse(34));
        r.ratios().forEach((k, v) -> out.printf(Locale.ROOT, "  %-" + key + "s %.3f%n", k, v));
        out.flush();
    }

    private static String percent(Double share) {
        return share == null ? "-" : String.format(Locale.ROOT, "%.1f", 100 * share);
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
