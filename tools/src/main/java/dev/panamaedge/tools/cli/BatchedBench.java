package dev.panamaedge.tools.cli;

import dev.panamaedge.openvino.BatchShape;
import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.openvino.PerformanceHint;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code edge bench --batch N}: the native engine compiled at a static batch of N and {@code benchmark_app -b N}
 * on the same IR, device, hint and precision, rows labelled {@code native@bN} and {@code benchmark_app@bN}. A
 * row's img/s counts images (N per inference); its latency is one batch's. Batch 1 is {@code edge bench} as
 * before, so one run gives the ceiling at every batch size side by side.
 */
final class BatchedBench {
    private BatchedBench() {
    }

    static String label(String engine, int batch) {
        return engine + "@b" + batch;
    }

    /** Measures {@code engines} (native, benchmark_app; others are batch-1 only) at batch {@code batch}. */
    static Map<String, BenchResult> measure(ModelProfile profile, String modelName, List<String> engines, int batch,
                                            String device, PerformanceHint hint, String hintName,
                                            Optional<String> precision, String precisionName, int warmup, int seconds,
                                            long seed, PrintWriter err) throws Exception {
        Map<String, BenchResult> results = new LinkedHashMap<>();
        for (String name : engines.stream().distinct().toList()) {
            String label = label(name, batch);
            if (name.equals(BenchCommand.BENCHMARK_APP)) {
                err.printf("bench: benchmark_app -b %d: %d s, hint %s%n", batch, seconds, hintName);
                err.flush();
                BenchResult r = BenchmarkApp.run(profile.file(), device, hintName, precision, seconds, batch);
                err.printf(Locale.ROOT, "bench: benchmark_app -b %d: %.1f img/s, p50 %.2f ms%n", batch,
                        r.imagesPerSecond(), r.latencyMillis().p50());
                results.put(label, relabel(r, label, r.imagesPerSecond()).labelled(modelName, precisionName));
            } else if (name.equals(Engines.NATIVE)) {
                CompileOptions options = CompileOptions.device(device).withHint(hint);
                if (precision.isPresent()) {
                    options = options.withExtra(Engines.INFERENCE_PRECISION_HINT, precision.get());
                }
                try (OpenVinoEngine engine = OpenVinoEngine.load(profile.file(), options, BatchShape.fixed(batch))) {
                    TensorSpec input = ClassifyCommand.single(engine.inputs(), "input");
                    Tensor fed = RandomInputs.tensor(input, seed);
                    int threads = hint == PerformanceHint.THROUGHPUT ? Math.max(1, engine.optimalConcurrency()) : 1;
                    BenchResult r = EngineLoop.measure(engine, Map.of(input.name(), fed), threads, warmup, seconds, err);
                    String actual = engine.property(Engines.INFERENCE_PRECISION_HINT).toLowerCase(Locale.ROOT);
                    results.put(label, relabel(r, label, r.imagesPerSecond() * batch).labelled(modelName, actual));
                }
            }
        }
        BenchResult nat = results.get(label(Engines.NATIVE, batch));
        BenchResult app = results.get(label(BenchCommand.BENCHMARK_APP, batch));
        if (nat == null && app == null) {
            throw new UsageException("--batch " + batch + " measures native and benchmark_app; --engine names neither");
        }
        return results;
    }

    /** Ratios within batch {@code batch} and against batch 1 in the same run, where both rows exist. */
    static Map<String, Double> ratios(Map<String, BenchResult> rows, int batch) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        BenchResult nat = rows.get(label(Engines.NATIVE, batch));
        BenchResult app = rows.get(label(BenchCommand.BENCHMARK_APP, batch));
        if (nat != null && app != null) {
            ratios.put("native@b" + batch + "OverBenchmarkApp@b" + batch + "Throughput",
                    nat.imagesPerSecond() / app.imagesPerSecond());
        }
        for (String engine : List.of(Engines.NATIVE, BenchCommand.BENCHMARK_APP)) {
            BenchResult one = rows.get(engine);
            BenchResult many = rows.get(label(engine, batch));
            if (one != null && many != null) {
                ratios.put(engine + "@b" + batch + "OverB1Throughput", many.imagesPerSecond() / one.imagesPerSecond());
            }
        }
        return ratios;
    }

    private static BenchResult relabel(BenchResult r, String label, double imagesPerSecond) {
        return new BenchResult(label, r.threads(), r.iterations(), r.seconds(), imagesPerSecond, r.latencyMillis(),
                r.note());
    }
}
