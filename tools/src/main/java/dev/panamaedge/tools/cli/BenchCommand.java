package dev.panamaedge.tools.cli;

import dev.panamaedge.openvino.PerformanceHint;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edge bench}: throughput and latency of each engine on the same model, input and settings, in one
 * run, with OpenVINO's own {@code benchmark_app} as the yardstick.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure throughput (images/s) and latency (p50/p90/p99 ms) of each engine in one run.",
            "native: latency hint = one thread calling run() in a loop; throughput hint = optimalConcurrency()"
                    + " threads sharing the engine. benchmark_app: OpenVINO's tool on the same IR, device and hint."})
final class BenchCommand implements Callable<Integer> {
    static final String BENCHMARK_APP = "benchmark_app";
    private static final List<String> ENGINES = List.of(Engines.NATIVE, Engines.REFERENCE, BENCHMARK_APP);

    @Option(names = "--model", paramLabel = "MODEL",
            description = "model.xml or a directory with model.xml; default: the embedded MobileNetV2")
    Path model;

    @Option(names = "--engine", paramLabel = "ENGINES", split = ",",
            defaultValue = "native,reference,benchmark_app",
            description = "comma-separated engines to measure (default: ${DEFAULT-VALUE})")
    List<String> engines;

    @Option(names = "--hint", paramLabel = "HINT", defaultValue = "latency",
            description = "latency or throughput (default: ${DEFAULT-VALUE})")
    String hint;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "measured seconds per engine (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "2",
            description = "warm-up seconds per Java engine, not measured (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "CPU",
            description = "OpenVINO device (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "seed of the random input (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--inference-precision", paramLabel = "P", defaultValue = "default",
            description = "INFERENCE_PRECISION_HINT for native and benchmark_app alike (f32, bf16, f16), or 'default'"
                    + " for the device's choice (default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--json", description = "print one JSON report instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            checkOptions();
            return bench();
        });
    }

    private void checkOptions() {
        for (String e : engines) {
            if (!ENGINES.contains(e)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--engine: unknown engine '" + e + "'; expected some of " + ENGINES);
            }
        }
        if (!hint.equals("latency") && !hint.equals("throughput")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--hint must be latency or throughput, got '" + hint + "'");
        }
        if (seconds < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be >= 1 and --warmup >= 0");
        }
    }

    private int bench() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ModelProfile profile = ModelProfile.resolve(Optional.ofNullable(model), err);
        PerformanceHint performanceHint = hint.equals("latency") ? PerformanceHint.LATENCY : PerformanceHint.THROUGHPUT;
        Map<String, BenchResult> results = new LinkedHashMap<>();
        for (String name : engines.stream().distinct().toList()) {
            if (name.equals(BENCHMARK_APP)) {
                if (!profile.isIr()) {
                    throw new UsageException("benchmark_app is compared on the same IR; " + profile.file()
                            + " is not an .xml");
                }
                err.printf("bench: benchmark_app: %d s, hint %s%n", seconds, hint);
                err.flush();
                BenchResult r = BenchmarkApp.run(profile.file(), device, hint, precisionHint(), seconds);
                err.printf(Locale.ROOT, "bench: benchmark_app: %.1f img/s, p50 %.2f ms%n", r.imagesPerSecond(),
                        r.latencyMillis().p50());
                results.put(name, r);
                continue;
            }
            try (Engine engine = Engines.open(name, profile, device, Optional.of(performanceHint), precisionHint())) {
                TensorSpec input = ClassifyCommand.single(engine.inputs(), "input");
                Map<String, Tensor> feed = Map.of(input.name(), RandomInputs.tensor(input, seed));
                int threads = performanceHint == PerformanceHint.THROUGHPUT ? Math.max(1, engine.optimalConcurrency()) : 1;
                results.put(name, EngineLoop.measure(engine, feed, threads, warmup, seconds, err));
            }
        }
        var report = new BenchReport(1, profile.name(), device, hint, precision, seconds, Runtime.getRuntime().availableProcessors(),
                Runtime.version().toString(), List.copyOf(results.values()), ratios(results));
        print(spec.commandLine().getOut(), report);
        return Failures.EXIT_OK;
    }

    private Optional<String> precisionHint() {
        return precision.equals("default") ? Optional.empty() : Optional.of(precision);
    }

    static Map<String, Double> ratios(Map<String, BenchResult> results) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        BenchResult nat = results.get(Engines.NATIVE);
        BenchResult ref = results.get(Engines.REFERENCE);
        BenchResult app = results.get(BENCHMARK_APP);
        if (nat != null && app != null) {
            ratios.put("nativeOverBenchmarkAppThroughput", nat.imagesPerSecond() / app.imagesPerSecond());
            ratios.put("nativeOverBenchmarkAppLatencyP50", nat.latencyMillis().p50() / app.latencyMillis().p50());
        }
        if (nat != null && ref != null) {
            ratios.put("referenceOverNativeLatencyP50", ref.latencyMillis().p50() / nat.latencyMillis().p50());
            ratios.put("nativeOverReferenceThroughput", nat.imagesPerSecond() / ref.imagesPerSecond());
        }
        return ratios;
    }

    private void print(PrintWriter out, BenchReport r) {
        if (json) {
            CliJson.print(out, r);
            return;
        }
        out.printf(Locale.ROOT, "bench %s on %s, hint %s, inference precision %s, %d s per engine, %d CPUs, Java %s%n",
                r.model(), r.device(), r.hint(), r.inferencePrecision(), r.seconds(), r.cpus(), r.java());
        out.printf(Locale.ROOT, "  %-14s %7s %10s %9s %9s %9s %9s%n", "engine", "threads", "img/s", "p50 ms", "p90 ms",
                "p99 ms", "mean ms");
        for (BenchResult b : r.results()) {
            LatencySummary l = b.latencyMillis();
            out.printf(Locale.ROOT, "  %-14s %7d %10.1f %9s %9s %9s %9s%n", b.engine(), b.threads(), b.imagesPerSecond(),
                    ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.mean()));
        }
        r.ratios().forEach((k, v) -> out.printf(Locale.ROOT, "  %-34s %.3f%n", k, v));
        out.flush();
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
