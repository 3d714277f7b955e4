package dev.panamaedge.tools.cli;

import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.openvino.PerformanceHint;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 * run, with OpenVINO's own {@code benchmark_app} as the yardstick. Given several models ({@code --model A,B,C}),
 * it measures every model × engine one after the other in the same process and adds the ratios between
 * models per engine (e.g. INT8 over FP32 native throughput). {@code --input-memory heap,native} measures the
 * Java engines on a heap input and on the same input in native memory (which native hands to OpenVINO
 * without copying), one row each.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure throughput (images/s) and latency (p50/p90/p99 ms) of each engine in one run.",
            "native: latency hint = one thread calling run() in a loop; throughput hint = optimalConcurrency()"
                    + " threads sharing the engine. benchmark_app: OpenVINO's tool on the same IR, device and hint."})
final class BenchCommand implements Callable<Integer> {
    static final String BENCHMARK_APP = "benchmark_app";
    private static final List<String> ENGINES = List.of(Engines.NATIVE, Engines.REFERENCE, BENCHMARK_APP);
    /** Row suffix of a Java engine fed native (off-heap) input memory. */
    static final String OFFHEAP = "/offheap";
    private static final List<String> INPUT_MEMORY = List.of("heap", "native");

    @Option(names = "--model", paramLabel = "MODEL", split = ",",
            description = "model.xml or a directory with model.xml; several as A,B,C or a repeated --model,"
                    + " measured in that order (name one twice, A,B,A,B, to alternate on a busy machine);"
                    + " default: the embedded MobileNetV2")
    List<Path> models = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "ENGINES", split = ",",
            defaultValue = "native,reference,benchmark_app",
            description = "comma-separated engines to measure (default: ${DEFAULT-VALUE})")
    List<String> engines;

    @Option(names = "--hint", paramLabel = "HINT", defaultValue = "latency",
            description = "latency or throughput (default: ${DEFAULT-VALUE})")
    String hint;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "measured seconds per model and engine (default: ${DEFAULT-VALUE})")
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

    @Option(names = "--input-memory", paramLabel = "KINDS", split = ",", defaultValue = "heap",
            description = "where the Java engines' input lives: heap (a byte[]; native copies it into a buffer of its"
                    + " own) or native (an Arena segment; native hands it to OpenVINO without copying); heap,native"
                    + " measures both, the native-memory row labelled <engine>" + OFFHEAP + "; repeat them to alternate"
                    + " on a busy machine (heap,native,heap,native: later rounds labelled #2, #3…)"
                    + " (default: ${DEFAULT-VALUE})")
    List<String> inputMemory;

    @Option(names = "--batch", paramLabel = "SIZES", split = ",", defaultValue = "1",
            description = "batch sizes to measure, e.g. 1,4,8: above 1, native compiled at that batch and benchmark_app"
                    + " -b N, rows <engine>@bN counting images per second (default: ${DEFAULT-VALUE})")
    List<Integer> batches;

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
        for (String m : inputMemory) {
            if (!INPUT_MEMORY.contains(m)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--input-memory: unknown kind '" + m + "'; expected some of " + INPUT_MEMORY);
            }
        }
        if (batches.stream().anyMatch(b -> b < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch sizes must be >= 1, got " + batches);
        }
        if (seconds < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be >= 1 and --warmup >= 0");
        }
    }

    private int bench() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<ModelProfile> profiles = new ArrayList<>();
        if (models.isEmpty()) {
            profiles.add(ModelProfile.resolve(Optional.empty(), err));
        }
        for (Path m : models) {
            profiles.add(ModelProfile.resolve(Optional.of(m), err));
        }
        List<String> names = BenchRatios.distinctNames(profiles.stream().map(ModelProfile::name).toList());
        List<BenchResult> rows = new ArrayList<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.size() > 1) {
                err.printf("bench: model %d/%d: %s (%s)%n", i + 1, profiles.size(), names.get(i), profiles.get(i).file());
                err.flush();
            }
            Map<String, BenchResult> results = new LinkedHashMap<>();
            for (int batch : batches) {
                results.putAll(batch == 1 ? benchModel(profiles.get(i), names.get(i), err)
                        : BatchedBench.measure(profiles.get(i), names.get(i), engines, batch, device, performanceHint(),
                                hint, precisionHint(), precision, warmup, seconds, seed, err));
            }
            rows.addAll(results.values());
            String prefix = profiles.size() > 1 ? names.get(i) + " " : "";
            ratios(results).forEach((k, v) -> ratios.put(prefix + k, v));
            for (int batch : batches.stream().distinct().filter(b -> b > 1).toList()) {
                BatchedBench.ratios(results, batch).forEach((k, v) -> ratios.put(prefix + k, v));
            }
        }
        if (profiles.size() > 1) {
            ratios.putAll(BenchRatios.betweenModels(names, rows));
        }
        String model = String.join(",", names);
        var report = new BenchReport(1, model, device, hint, precision, seconds, Runtime.getRuntime().availableProcessors(),
                Runtime.version().toString(), List.copyOf(rows), ratios);
        print(spec.commandLine().getOut(), report);
        return Failures.EXIT_OK;
    }

    private Map<String, BenchResult> benchModel(ModelProfile profile, String modelName, PrintWriter err)
            throws Exception {
        PerformanceHint performanceHint = performanceHint();
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
                results.put(name, r.labelled(modelName, precision));
                continue;
            }
            try (Engine engine = Engines.open(name, profile, device, Optional.of(performanceHint), precisionHint())) {
                TensorSpec input = ClassifyCommand.single(engine.inputs(), "input");
                Tensor heapInput = RandomInputs.tensor(input, seed);
                int threads = performanceHint == PerformanceHint.THROUGHPUT ? Math.max(1, engine.optimalConcurrency()) : 1;
                Map<String, Integer> rounds = new HashMap<>();
                for (String memory : inputMemory) {
                    int round = rounds.merge(memory, 1, Integer::sum);
                    // Shared: the throughput hint reads the one input from several threads.
                    try (Arena arena = Arena.ofShared()) {
                        Tensor fed = heapInput;
                        String label = name;
                        if (memory.equals("native")) {
                            fed = Tensor.allocate(heapInput.type(), heapInput.shape(), arena);
                            fed.data().copyFrom(heapInput.data());
                            label = name + OFFHEAP;
                        }
                        label += round > 1 ? "#" + round : "";
                        BenchResult r = EngineLoop.measure(engine, Map.of(input.name(), fed), threads, warmup, seconds,
                                err);
                        results.put(label, new BenchResult(label, r.threads(), r.iterations(), r.seconds(),
                                r.imagesPerSecond(), r.latencyMillis(), r.note() + ", " + memory + " input memory")
                                .labelled(modelName, actualPrecision(engine)));
                    }
                }
            }
        }
        return results;
    }

    private PerformanceHint performanceHint() {
        return hint.equals("latency") ? PerformanceHint.LATENCY : PerformanceHint.THROUGHPUT;
    }

    /** What the compiled model really runs at: the device default is bf16 on CPUs with AVX512-BF16 or AMX. */
    private String actualPrecision(Engine engine) {
        if (engine instanceof OpenVinoEngine ov) {
            try {
                return ov.property("INFERENCE_PRECISION_HINT").toLowerCase(Locale.ROOT);
            } catch (RuntimeException e) {
                return precision;
            }
        }
        return "f32";
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
        BenchResult offheap = results.get(Engines.NATIVE + OFFHEAP);
        if (offheap != null && app != null) {
            ratios.put("nativeOffheapOverBenchmarkAppThroughput", offheap.imagesPerSecond() / app.imagesPerSecond());
            ratios.put("nativeOffheapOverBenchmarkAppLatencyP50", offheap.latencyMillis().p50() / app.latencyMillis().p50());
        }
        if (offheap != null && nat != null) {
            ratios.put("nativeOffheapOverHeapThroughput", offheap.imagesPerSecond() / nat.imagesPerSecond());
            ratios.put("nativeOffheapOverHeapLatencyP50", offheap.latencyMillis().p50() / nat.latencyMillis().p50());
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
        int width = Math.max(5, r.results().stream().mapToInt(b -> b.model().length()).max().orElse(5));
        int engineWidth = Math.max(14, r.results().stream().mapToInt(b -> b.engine().length()).max().orElse(14));
        String row = "  %-" + width + "s %-" + engineWidth + "s %-9s %7s %10s %9s %9s %9s %9s%n";
        out.printf(Locale.ROOT, row, "model", "engine", "precision", "threads", "img/s", "p50 ms", "p90 ms", "p99 ms",
                "mean ms");
        for (BenchResult b : r.results()) {
            LatencySummary l = b.latencyMillis();
            out.printf(Locale.ROOT, row, b.model(), b.engine(), b.inferencePrecision(), b.threads(),
                    String.format(Locale.ROOT, "%.1f", b.imagesPerSecond()), ms(l.p50()), ms(l.p90()), ms(l.p99()),
                    ms(l.mean()));
        }
        int key = Math.max(34, r.ratios().keySet().stream().mapToInt(String::length).max().orElse(34));
        r.ratios().forEach((k, v) -> out.printf(Locale.ROOT, "  %-" + key + "s %.3f%n", k, v));
        out.flush();
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
