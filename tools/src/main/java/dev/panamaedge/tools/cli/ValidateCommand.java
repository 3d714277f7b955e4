package dev.panamaedge.tools.cli;

import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.Preprocessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.tools.report.Divergence;
import dev.panamaedge.tools.report.Tolerance;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edge validate}: runs the reference and the native engine on the same inputs and checks that
 * they agree within tolerance. Exit 0 when they do, 1 when they do not.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Run the reference and the native engine on the same inputs and compare their outputs.",
            "Passes when top-1 agreement and max |delta| are within tolerance (FP32 default: 100 %% top-1,"
                    + " max |delta| <= 1e-3 x the reference's output range; INT8 models: top-1 >= 99 %%, ties in"
                    + " quantized outputs counting as agreement).",
            "With --baseline FP32: each --model against the FP32 baseline, with an optional HTML --report."})
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL",
            description = {"model.xml or a directory with model.xml; default: the embedded MobileNetV2.",
                "Repeat it with --baseline to compare several (INT8) models against one FP32 baseline."})
    List<Path> models = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "FP32",
            description = {"FP32 model to compare each --model against (on the reference engine), over --images"
                    + " and --augment variants: top-1/top-5, |delta logit|, cosine, KL, per-layer SQNR.",
                "Tolerances: INT8 on OpenVINO vs FP32: top-1 >= 98 %% and the FP32 top-1 in the top 5 on every"
                    + " photo; INT8 on OpenVINO vs the reference's INT8 simulation: top-1 >= 99 %% (ties count)."})
    Path baseline;

    @Option(names = "--baseline-engine", paramLabel = "ENGINE", defaultValue = Engines.REFERENCE,
            description = {"engine the --baseline runs on: reference (its FP32 arithmetic; default) or native"
                    + " (OpenVINO at --inference-precision): the baseline as OpenVINO runs it, e.g. a quantized"
                    + " import such as mobilenet_v2_imagenet_as_imported"})
    String baselineEngine;

    @Option(names = "--augment", paramLabel = "N", defaultValue = "0",
            description = "with --baseline: also compare N seeded crops/flips of the photos (default: ${DEFAULT-VALUE})")
    int augment;

    @Option(names = "--report", paramLabel = "DIR",
            description = "with --baseline: write DIR/report.html, one self-contained file with charts and thumbnails")
    Path reportDir;

    @Option(names = "--layer-samples", paramLabel = "N", defaultValue = "2",
            description = "with --baseline: photos in the per-layer SQNR pass, 0 to skip (default: ${DEFAULT-VALUE})")
    int layerSamples;

    @Option(names = "--sqnr-threshold", paramLabel = "DB", defaultValue = "15",
            description = "with --baseline: name the first layer whose SQNR is below DB (default: ${DEFAULT-VALUE})")
    double sqnrThresholdDb;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "CPU",
            description = "OpenVINO device for the native engine (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--inputs", paramLabel = "N", defaultValue = "8",
            description = "seeded random inputs to compare (default: ${DEFAULT-VALUE})")
    int inputs;

    @Option(names = "--images", paramLabel = "DIR",
            description = "also compare on every JPEG/PNG/BMP in DIR, preprocessed as the model's metadata says")
    Path images;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "seed of the random inputs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-diff-ratio", paramLabel = "R",
            description = "allowed max |delta| as a fraction of the reference output range (default: 1e-3 for FP32"
                    + " models, no bound for INT8 models)")
    Double maxDiffRatio;

    @Option(names = "--min-top1", paramLabel = "F",
            description = "required top-1 agreement, 0..1 (default: 1.0 for FP32 models; 0.99 for INT8 models,"
                    + " counting ties in quantized outputs)")
    Double minTop1;

    @Option(names = "--inference-precision", paramLabel = "P", defaultValue = "f32",
            description = "native engine's INFERENCE_PRECISION_HINT; f32 checks FP32 correctness, 'default' keeps"
                    + " the device's choice (bf16 on CPUs with AVX-512 BF16/AMX) (default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "also run N of the inputs as one batch and compare it with N single runs: bit-exact on the"
                    + " reference engine, 1e-3 x range on OpenVINO compiled at batch N (default: ${DEFAULT-VALUE}, no"
                    + " batch check)")
    int batch;

    @Option(names = "--json", description = "print one JSON report instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            checkOptions();
            return validate();
        });
    }

    private void checkOptions() {
        if (inputs < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--inputs must be >= 0, got " + inputs);
        }
        if (inputs == 0 && images == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "nothing to compare: --inputs 0 and no --images");
        }
        if (batch < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be >= 1, got " + batch);
        }
        if (augment < 0 || layerSamples < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--augment and --layer-samples must be >= 0");
        }
        if (baseline == null && models.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "several --model options need a --baseline to compare them against");
        }
        if (baseline == null && (reportDir != null || augment > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--report and --augment need --baseline");
        }
        if (baseline != null && images == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--baseline compares classifications of real photos: pass --images DIR");
        }
        if ((maxDiffRatio != null && !(maxDiffRatio >= 0)) || (minTop1 != null && !(minTop1 >= 0 && minTop1 <= 1))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-diff-ratio must be >= 0 and --min-top1 in [0, 1]");
        }
    }

    private int validate() throws Exception {
        if (baseline != null) {
            return new BaselineCommand(spec, json, reportDir).run(baselineValidation());
        }
        PrintWriter err = spec.commandLine().getErr();
        ModelProfile profile = ModelProfile.resolve(models.stream().findFirst(), err);
        List<Path> imageFiles = images == null ? List.of() : listImages(images);
        var comparison = new OutputComparison();
        Tolerance preset = isInt8(profile) ? Tolerance.INT8_ENGINES : Tolerance.FP32_ENGINES;
        int tiedAgreements = 0;
        BatchValidation.Check batchCheck = null;
        try (Engine reference = Engines.open(Engines.REFERENCE, profile, device, Optional.empty(), Optional.empty());
             Engine nativeEngine = Engines.open(Engines.NATIVE, profile, device, Optional.empty(), precisionHint())) {
            TensorSpec input = ClassifyCommand.single(reference.inputs(), "input");
            Map<String, Tensor> samples = new LinkedHashMap<>();
            for (int i = 0; i < inputs; i++) {
                samples.put("random#" + i, RandomInputs.tensor(input, seed + i));
            }
            if (!imageFiles.isEmpty()) {
                var preprocessor = new Preprocessor(profile.preprocessing(input, err));
                for (Path f : imageFiles) {
                    samples.put(f.getFileName().toString(), preprocessor.tensor(ImageDecoder.read(f)));
                }
            }
            int n = 0;
            for (Map.Entry<String, Tensor> s : samples.entrySet()) {
                Map<String, Tensor> feed = Map.of(input.name(), s.getValue());
                float[] ref = Engines.firstOutput(reference, reference.run(feed)).toFloatArray();
                float[] nat = Engines.firstOutput(nativeEngine, nativeEngine.run(feed)).toFloatArray();
                comparison.add(s.getKey(), ref, nat);
                tiedAgreements += Divergence.top1AgreesWithTies(Classification.topIndices(ref, 1)[0], nat) ? 1 : 0;
                err.printf("validate: %d/%d %s%n", ++n, samples.size(), s.getKey());
                err.flush();
            }
            if (batch > 1) {
                CompileOptions options = CompileOptions.device(device);
                if (precisionHint().isPresent()) {
                    options = options.withExtra(Engines.INFERENCE_PRECISION_HINT, precisionHint().get());
                }
                batchCheck = BatchValidation.run(reference, nativeEngine, profile, options,
                        List.copyOf(samples.values()), batch);
            }
        }
        // An explicit --min-top1/--max-diff-ratio overrides the preset; INT8 has no |delta| bound (1 x range).
        double top1Required = minTop1 != null ? minTop1 : preset.minTop1();
        double diffRatio = maxDiffRatio != null ? maxDiffRatio
                : Double.isNaN(preset.maxDiffOverRange()) ? 1.0 : preset.maxDiffOverRange();
        boolean countTies = preset.countTies() && minTop1 == null;
        double allowed = diffRatio * comparison.range();
        double top1 = countTies ? (double) tiedAgreements / Math.max(1, comparison.samples()) : comparison.top1Agreement();
        boolean passed = top1 >= top1Required && comparison.maxAbsDiff() <= allowed
                && (batchCheck == null || batchCheck.passed());
        var report = new ValidationReport(1, profile.name(), device, precision, profile.outputKind(), comparison.samples(), inputs,
                imageFiles.stream().map(p -> p.getFileName().toString()).toList(), seed, comparison.top1Agreement(),
                comparison.top5Overlap(), comparison.maxAbsDiff(), comparison.meanAbsDiff(), comparison.range(),
                comparison.minCosine(), new ValidationReport.Tolerance(top1Required, diffRatio, allowed, preset.name(),
                        countTies, preset.describe()),
                comparison.mismatches(), tiedAgreements, batchCheck, passed);
        print(spec.commandLine().getOut(), report, comparison.top1Agreements());
        return passed ? Failures.EXIT_OK : Failures.EXIT_FAILED;
    }

    private BaselineValidation baselineValidation() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ModelProfile base = ModelProfile.resolve(Optional.of(baseline), err);
        List<ModelProfile> candidates = new ArrayList<>();
        for (Path m : models) {
            candidates.add(ModelProfile.resolve(Optional.of(m), err));
        }
        if (candidates.isEmpty()) {
            throw new UsageException("--baseline needs at least one --model to compare");
        }
        List<String> baselineEngines = List.of(Engines.NATIVE, Engines.REFERENCE);
        if (!baselineEngines.contains(baselineEngine)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--baseline-engine must be one of "
                    + baselineEngines + ", got '" + baselineEngine + "'");
        }
        return new BaselineValidation(base, baselineEngine, candidates, listImages(images), augment, seed, device,
                precisionHint(),
                layerSamples, sqnrThresholdDb, err);
    }

    private static boolean isInt8(ModelProfile profile) throws IOException {
        if (!profile.isIr()) {
            return false;
        }
        try (var ir = dev.panamaedge.models.ir.IrReader.read(profile.file())) {
            return ir.layers().stream().anyMatch(BaselineValidation::isQuantized);
        }
    }

    private Optional<String> precisionHint() {
        return precision.equals("default") ? Optional.empty() : Optional.of(precision);
    }

    private void print(PrintWriter out, ValidationReport r, int agreements) {
        if (json) {
            CliJson.print(out, r);
            return;
        }
        out.printf(Locale.ROOT, "validate %s: reference vs native (%s, inference precision %s) on %d inputs"
                        + " (%d random, %d images), comparing %s%n", r.model(), r.device(), r.inferencePrecision(),
                r.samples(), r.randomInputs(), r.images().size(), r.compared());
        out.printf(Locale.ROOT, "  tolerance        %s: %s%n", r.tolerance().preset(), r.tolerance().description());
        out.printf(Locale.ROOT, "  top-1 agreement  %7.2f %% (%d/%d; required %.2f %%)%n", 100 * r.top1Agreement(),
                agreements, r.samples(), 100 * r.tolerance().minTop1Agreement());
        if (r.tolerance().countsTies()) {
            out.printf(Locale.ROOT, "  top-1 with ties  %7.2f %% (%d/%d: the reference's top-1 among the native"
                    + " tied maxima)%n", 100.0 * r.top1AgreementsWithTies() / r.samples(), r.top1AgreementsWithTies(),
                    r.samples());
        }
        out.printf(Locale.ROOT, "  top-5 overlap    %7.2f %%%n", 100 * r.top5Overlap());
        out.printf(Locale.ROOT, "  max |delta|      %.3e (allowed %.3e = %.1e x range)%n", r.maxAbsDiff(),
                r.tolerance().maxAbsDiff(), r.tolerance().maxDiffOverRange());
        out.printf(Locale.ROOT, "  mean |delta|     %.3e%n", r.meanAbsDiff());
        out.printf(Locale.ROOT, "  range            %.4f (max - min of the reference %s)%n", r.range(), r.compared());
        out.printf(Locale.ROOT, "  min cosine       %.8f%n", r.minCosine());
        for (OutputComparison.Top1Mismatch m : r.top1Mismatches()) {
            out.printf(Locale.ROOT, "  top-1 differs on %s: reference %d, native %d (reference margin %.3e)%n",
                    m.sample(), m.referenceTop1(), m.candidateTop1(), m.referenceMargin());
        }
        if (r.batch() != null) {
            BatchValidation.Check b = r.batch();
            out.printf(Locale.ROOT, "  batch of %d      reference: %d values differ from single runs (0 required);"
                    + " native: max |delta| %.3e (allowed %.3e)%n", b.size(), b.referenceDiffering(),
                    b.nativeMaxAbsDiff(), b.nativeAllowed());
        }
        out.println(r.passed() ? "PASSED" : "FAILED");
        out.flush();
    }

    static List<Path> listImages(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "--images needs a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = new ArrayList<>(files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|bmp)"))
                    .sorted().toList());
            if (found.isEmpty()) {
                throw new UsageException("no .jpg, .jpeg, .png or .bmp files in " + dir);
            }
            return found;
        }
    }
}
