package dev.panamaedge.tools.cli;

import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.openvino.PerformanceHint;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.tools.onnx.OnnxRuntimeEngine;
import dev.panamaedge.tools.onnx.OrtSettings;
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
 * without copying), one row each. {@code onnxruntime} is ONNX Runtime's Java API on the same model (an IR is
 * exported to ONNX in memory, an {@code .onnx} file such as ONNX Runtime's QDQ INT8 model is loaded as is), in
 * the same loop; with several models, an engine that cannot run one of them skips it and says so.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure throughput (images/s) and latency (p50/p90/p99 ms) of each engine in one run.",
            "native: latency hint = one thread calling run() in a loop; throughput hint = optimalConcurrency()"
                    + " threads sharing the engine. benchmark_app: OpenVINO's tool on the same IR, device and hint.",
            "onnxruntime: ONNX Runtime Java (CPU) on the IR exported to ONNX, or on an .onnx file."})
final class BenchCommand implements Callable<Integer> {
    static final String BENCHMARK_APP = "benchmark_app";
    private static final List<String> ENGINES = List.of(Engines.NATIVE, Engines.REFERENCE, Engines.ONNXRUNTIME,
            BENCHMARK_APP);
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

    @Option(names = "--inference-precision", paramLabel = "P", defaultValue = "default", split = ",",
            description = "INFERENCE_PRECISION_HINT for native and benchmark_app alike (f32, bf16, f16), or 'default'"
                    + " for the device's choice; several, e.g. f32,default, measure each (rows labelled native@f32,"
                    + " native@default) (default: ${DEFAULT-VALUE})")
    List<String> precisions;

    @Option(names = "--accuracy", paramLabel = "DIR",
            description = "also give each Java engine row its top-1 agreement and top-5 overlap with an FP32 baseline"
                    + " (--baseline, default the first --model, on the reference engine) over the photos in DIR and"
                    + " --augment crops/flips of them")
    Path accuracyImages;

    @Option(names = "--augment", paramLabel = "N", defaultValue = "16",
            description = "with --accuracy: seeded crops/flips of the photos (default: ${DEFAULT-VALUE})")
    int augment;

    @Option(names = "--baseline", paramLabel = "FP32",
            description = "with --accuracy: the FP32 model the rows are compared with (default: the first --model)")
    Path baseline;

    @Option(names = "--input-memory", paramLabel = "KINDS", split = ",", defaultValue = "heap",
            description = "where the Java engines' input lives: heap (a byte[]; native copies it into a buffer of its"
                    + " own) or native (an Arena segment; native hands it to OpenVINO without copying); heap,native"
                    + " measures both, the native-memory row labelled <engine>" + OFFHEAP + "; repeat them to alternate"
                    + " on a busy machine (heap,native,heap,native: later rounds labelled #2, #3…)"
                    + " (default: ${DEFAULT-VALUE})")
    List<String> inputMemory;

    @Option(names = "--ort-intra-op-threads", paramLabel = "N",
            description = "onnxruntime: threads inside one op, 0 = ONNX Runtime's choice (default: the available CPUs)")
    Integer ortIntraOpThreads;

    @Option(names = "--ort-inter-op-threads", paramLabel = "N", defaultValue = "1",
            description = "onnxruntime: threads across independent ops, used in parallel mode (default: ${DEFAULT-VALUE})")
    int ortInterOpThreads;

    @Option(names = "--ort-optimization", paramLabel = "LEVEL", defaultValue = "all",
            description = "onnxruntime: graph optimisation level all, layout, extended, basic or none"
                    + " (default: ${DEFAULT-VALUE})")
    String ortOptimization;

    @Option(names = "--ort-execution-mode", paramLabel = "MODE", defaultValue = "sequential",
            description = "onnxruntime: sequential or parallel (default: ${DEFAULT-VALUE})")
    String ortExecutionMode;

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
        try {
            ortSettings();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ort-*: " + e.getMessage());
        }
        if ((baseline != null || augment != 16) && accuracyImages == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--baseline and --augment need --accuracy DIR");
        }
        if (augment < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--augment must be >= 0, got " + augment);
        }
        if (seconds < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be >= 1 and --warmup >= 0");
        }
    }

    private OrtSettings ortSettings() {
        OrtSettings best = OrtSettings.best();
        return new OrtSettings(ortIntraOpThreads == null ? best.intraOpThreads() : ortIntraOpThreads, ortInterOpThreads,
                OrtSettings.optimizationLevel(ortOptimization), OrtSettings.executionMode(ortExecutionMode));
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
        List<String> skipped = new ArrayList<>();
        BenchAccuracy accuracy = accuracyImages == null ? null : new BenchAccuracy(baseline == null ? profiles.getFirst()
                : ModelProfile.resolve(Optional.of(baseline), err), ValidateCommand.listImages(accuracyImages), augment,
                seed, err);
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.size() > 1) {
                err.printf("bench: model %d/%d: %s (%s)%n", i + 1, profiles.size(), names.get(i), profiles.get(i).file());
                err.flush();
            }
            Map<String, BenchResult> results = new LinkedHashMap<>();
            for (int batch : batches) {
                // Batches above 1 run at the first --inference-precision.
                results.putAll(batch == 1 ? benchModel(profiles.get(i), names.get(i), profiles.size() > 1, skipped,
                        accuracy, err)
                        : BatchedBench.measure(profiles.get(i), names.get(i), engines, batch, device, performanceHint(),
                                hint, precisionHint(precisions.getFirst()), precisions.getFirst(), warmup, seconds,
                                seed, err));
            }
            rows.addAll(results.values());
            String prefix = profiles.size() > 1 ? names.get(i) + " " : "";
            BenchRatios.withinModel(results).forEach((k, v) -> ratios.put(prefix + k, v));
            for (int batch : batches.stream().distinct().filter(b -> b > 1).toList()) {
                BatchedBench.ratios(results, batch).forEach((k, v) -> ratios.put(prefix + k, v));
            }
            List<String> distinct = precisions.stream().distinct().toList();
            for (String p : distinct.size() > 1 ? distinct : List.<String>of()) {
                BenchRatios.withinModel(BenchRatios.atPrecision(results, p))
                        .forEach((k, v) -> ratios.put(prefix + k + "@" + p, v));
            }
        }
        ratios.putAll(BenchRatios.betweenPrecisions(rows));
        if (profiles.size() > 1) {
            ratios.putAll(BenchRatios.betweenModels(names, rows));
            ratios.putAll(BenchRatios.nativeOverOnnxRuntime(rows));
        }
        String model = String.join(",", names);
        var report = new BenchReport(1, model, device, hint, String.join(",", precisions), seconds,
                Runtime.getRuntime().availableProcessors(), Runtime.version().toString(), List.copyOf(rows), ratios,
                engines.contains(Engines.ONNXRUNTIME) ? ortSettings().describe() : null, List.copyOf(skipped),
                accuracy == null ? null : accuracy.description());
        print(spec.commandLine().getOut(), report);
        return Failures.EXIT_OK;
    }

    private Map<String, BenchResult> benchModel(ModelProfile profile, String modelName, boolean severalModels,
                                                List<String> skipped, BenchAccuracy accuracy, PrintWriter err)
            throws Exception {
        Map<String, BenchResult> results = new LinkedHashMap<>();
        for (String name : engines.stream().distinct().toList()) {
            // Only OpenVINO takes the precision hint: native and benchmark_app run once per --inference-precision.
            boolean perPrecision = name.equals(Engines.NATIVE) || name.equals(BENCHMARK_APP);
            for (String precision : perPrecision ? precisions.stream().distinct().toList() : List.of("default")) {
                String label = perPrecision && precisions.stream().distinct().count() > 1 ? name + "@" + precision : name;
                benchEngine(name, label, precision, profile, modelName, severalModels, skipped, accuracy, results, err);
            }
        }
        return results;
    }

    private void benchEngine(String name, String engineLabel, String precision, ModelProfile profile, String modelName,
                             boolean severalModels, List<String> skipped, BenchAccuracy accuracy,
                             Map<String, BenchResult> results, PrintWriter err) throws Exception {
        PerformanceHint performanceHint = performanceHint();
        if (name.equals(BENCHMARK_APP)) {
            if (!profile.isIr()) {
                if (severalModels) {
                    skip(skipped, err, name, modelName, "it compares on IR only");
                    return;
                }
                throw new UsageException("benchmark_app is compared on the same IR; " + profile.file()
                        + " is not an .xml");
            }
            err.printf("bench: benchmark_app: %d s, hint %s%n", seconds, hint);
            err.flush();
            BenchResult r = BenchmarkApp.run(profile.file(), device, hint, precisionHint(precision), seconds);
            err.printf(Locale.ROOT, "bench: benchmark_app: %.1f img/s, p50 %.2f ms%n", r.imagesPerSecond(),
                    r.latencyMillis().p50());
            results.put(engineLabel, relabelled(r, engineLabel).labelled(modelName, precision));
            return;
        }
        Engine opened;
        try {
            opened = Engines.open(name, profile, device, Optional.of(performanceHint), precisionHint(precision),
                    ortSettings());
        } catch (UsageException e) {
            if (!severalModels) {
                throw e;
            }
            skip(skipped, err, name, modelName, e.getMessage());
            return;
        }
        try (Engine engine = opened) {
            TensorSpec input = ClassifyCommand.single(engine.inputs(), "input");
            Tensor heapInput = RandomInputs.tensor(input, seed);
            int threads = performanceHint == PerformanceHint.THROUGHPUT ? Math.max(1, engine.optimalConcurrency()) : 1;
            Map<String, Integer> rounds = new HashMap<>();
            List<String> measured = new ArrayList<>();
            for (String memory : inputMemory) {
                int round = rounds.merge(memory, 1, Integer::sum);
                // Shared: the throughput hint reads the one input from several threads.
                try (Arena arena = Arena.ofShared()) {
                    Tensor fed = heapInput;
                    String label = engineLabel;
                    if (memory.equals("native")) {
                        fed = Tensor.allocate(heapInput.type(), heapInput.shape(), arena);
                        fed.data().copyFrom(heapInput.data());
                        label = engineLabel + OFFHEAP;
                    }
                    label += round > 1 ? "#" + round : "";
                    BenchResult r = EngineLoop.measure(engine, Map.of(input.name(), fed), threads, warmup, seconds,
                            err);
                    String settings = engine instanceof OnnxRuntimeEngine ort ? ", " + ort.settings().describe() : "";
                    results.put(label, new BenchResult(label, r.threads(), r.iterations(), r.seconds(),
                            r.imagesPerSecond(), r.latencyMillis(), r.note() + ", " + memory + " input memory"
                            + settings)
                            .labelled(modelName, actualPrecision(engine, precision)));
                    measured.add(label);
                }
            }
            if (accuracy != null) {
                // The same compiled engine as measured, so the figure belongs to the speed beside it.
                BenchAccuracy.Result a = accuracy.of(profile, engine, err);
                measured.forEach(label -> results.computeIfPresent(label, (k, v) -> v.withAccuracy(a)));
            }
        }
    }

    private static BenchResult relabelled(BenchResult r, String engine) {
        return new BenchResult(engine, r.threads(), r.iterations(), r.seconds(), r.imagesPerSecond(), r.latencyMillis(),
                r.note(), r.model(), r.inferencePrecision(), r.top1Agreement(), r.top5Overlap());
    }

    private static void skip(List<String> skipped, PrintWriter err, String engine, String model, String why) {
        String line = engine + " on " + model + ": " + why;
        skipped.add(line);
        err.println("bench: skipped " + line);
        err.flush();
    }

    private PerformanceHint performanceHint() {
        return hint.equals("latency") ? PerformanceHint.LATENCY : PerformanceHint.THROUGHPUT;
    }

    /** What the compiled model really runs at: the device default is bf16 on CPUs with AVX512-BF16 or AMX. */
    private static String actualPrecision(Engine engine, String precision) {
        if (engine instanceof OpenVinoEngine ov) {
            try {
                return ov.property("INFERENCE_PRECISION_HINT").toLowerCase(Locale.ROOT);
            } catch (RuntimeException e) {
                return precision;
            }
        }
        if (engine instanceof OnnxRuntimeEngine ort) {
            return ort.precision();
        }
        return "f32";
    }

    private static Optional<String> precisionHint(String precision) {
        return precision.equals("default") ? Optional.empty() : Optional.of(precision);
    }

    private void print(PrintWriter out, BenchReport r) {
        if (json) {
            CliJson.print(out, r);
        } else {
            BenchTable.print(out, r);
        }
    }
}
