package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.runtime.image.RgbImage;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import dev.panamaedge.tools.report.Augmentation;
import dev.panamaedge.tools.report.BaselineReport;
import dev.panamaedge.tools.report.LayerDivergence;
import dev.panamaedge.tools.report.ModelReport;
import dev.panamaedge.tools.report.PairComparison;
import dev.panamaedge.tools.report.ProbedLayers;
import dev.panamaedge.tools.report.Tolerance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code edge validate --baseline}: each candidate (INT8) model on OpenVINO and on the reference engine's
 * INT8 simulation, against an FP32 baseline on the reference engine (or on OpenVINO, {@code --baseline-engine
 * native}), over photos and their augmented
 * variants; then layer by layer on the first few photos. Each model preprocesses the photos as its own
 * metadata says, so a u8 NHWC model and a float NCHW baseline see the same picture.
 */
final class BaselineValidation {
    /** One compared input: an original photo, or augmented variant {@code variant} of one. */
    record Sample(String name, int photo, int variant) {
        boolean original() {
            return variant < 0;
        }
    }

    /** A candidate's result plus what the HTML report draws. */
    record Outcome(ModelReport report, PairComparison vsBaseline) {
    }

    private final ModelProfile baseline;
    private final String baselineEngine;
    private final List<ModelProfile> candidates;
    private final List<RgbImage> photos = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final String device;
    private final Optional<String> precision;
    private final long seed;
    private final int layerSamples;
    private final double thresholdDb;
    private final PrintWriter err;

    BaselineValidation(ModelProfile baseline, String baselineEngine, List<ModelProfile> candidates,
                       List<Path> images, int augment,
                       long seed, String device, Optional<String> precision, int layerSamples, double thresholdDb,
                       PrintWriter err) throws IOException {
        this.baseline = baseline;
        this.baselineEngine = baselineEngine;
        this.candidates = List.copyOf(candidates);
        this.device = device;
        this.precision = precision;
        this.seed = seed;
        this.layerSamples = Math.min(layerSamples, images.size());
        this.thresholdDb = thresholdDb;
        this.err = err;
        for (int i = 0; i < images.size(); i++) {
            photos.add(ImageDecoder.read(images.get(i)));
            samples.add(new Sample(images.get(i).getFileName().toString(), i, -1));
        }
        for (int a = 0; a < augment; a++) {
            int p = a % images.size();
            samples.add(new Sample(images.get(p).getFileName() + "~aug" + a, p, a));
        }
    }

    ModelProfile baselineProfile() {
        return baseline;
    }

    /** {@link Engines#REFERENCE} or {@link Engines#NATIVE}: what computes the baseline's outputs. */
    String baselineEngine() {
        return baselineEngine;
    }

    String device() {
        return device;
    }

    String precisionName() {
        return precision.orElse("default");
    }

    long seed() {
        return seed;
    }

    int layerSamples() {
        return layerSamples;
    }

    double thresholdDb() {
        return thresholdDb;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    RgbImage image(Sample s) {
        RgbImage photo = photos.get(s.photo());
        return s.original() ? photo : Augmentation.variant(photo, seed, s.variant());
    }

    List<Outcome> run() throws IOException {
        List<float[]> base = new ArrayList<>();
        // The reference engine always opens: the per-layer pass reads the baseline's layers from it.
        try (Engine ref = Engines.open(Engines.REFERENCE, baseline, device, Optional.empty(), Optional.empty());
             Engine onOpenVino = baselineEngine.equals(Engines.NATIVE)
                     ? Engines.open(Engines.NATIVE, baseline, device, Optional.empty(), precision) : null) {
            Engine runs = onOpenVino != null ? onOpenVino : ref;
            Feed feed = new Feed(baseline, runs);
            for (int i = 0; i < samples.size(); i++) {
                base.add(output(baseline, runs, runs.run(feed.of(image(samples.get(i))))));
                progress("baseline " + baseline.name(), i);
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (ModelProfile c : candidates) {
                outcomes.add(compare(c, (ReferenceEngine) ref, base));
            }
            return outcomes;
        }
    }

    private Outcome compare(ModelProfile cand, ReferenceEngine baseRef, List<float[]> base) throws IOException {
        boolean probabilities = baseline.outputKind().equals(ModelMetadata.PROBABILITIES);
        String name = cand.name();
        Map<String, String> types = new HashMap<>();
        boolean int8;
        try (IrModel ir = IrReader.read(cand.file())) {
            ir.layers().forEach(l -> types.put(l.name(), l.type()));
            int8 = ir.layers().stream().anyMatch(BaselineValidation::isQuantized);
        }
        var refLayers = new LayerDivergence(types);
        var nativeLayers = new LayerDivergence(types);
        try (Engine candRef = Engines.open(Engines.REFERENCE, cand, device, Optional.empty(), Optional.empty());
             Engine candNative = Engines.open(Engines.NATIVE, cand, device, Optional.empty(), precision)) {
            // u8 probabilities: a class rounded to zero counts as half a step (1/512) in KL, not as impossible
            double floor = candRef.outputs().getFirst().type().isFloatingPoint() ? 1e-12 : 1.0 / 512;
            String baseName = "FP32 " + baseline.name()
                    + (baselineEngine.equals(Engines.NATIVE) ? " (OpenVINO)" : " (reference)");
            var vsBase = new PairComparison(baseName, name + " (OpenVINO)", probabilities, floor);
            var refVsBase = new PairComparison(baseName, name + " (reference)", probabilities, floor);
            var engines = new PairComparison(name + " (reference)", name + " (OpenVINO)", probabilities, floor);
            Feed feed = new Feed(cand, candRef);
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                Map<String, Tensor> in = feed.of(image(s));
                float[] r = output(cand, candRef, candRef.run(in));
                float[] n = output(cand, candNative, candNative.run(in));
                vsBase.add(s.name(), s.original(), base.get(i), n);
                refVsBase.add(s.name(), s.original(), base.get(i), r);
                engines.add(s.name(), s.original(), r, n);
                progress(name, i);
            }
            layerPass(cand, baseRef, (ReferenceEngine) candRef, feed, refLayers, nativeLayers);
            return outcome(name, int8, vsBase, refVsBase, engines, refLayers, nativeLayers);
        }
    }

    private Outcome outcome(String name, boolean int8, PairComparison vsBase, PairComparison refVsBase,
                            PairComparison engines, LayerDivergence refLayers, LayerDivergence nativeLayers) {
        Tolerance engineTolerance = int8 ? Tolerance.INT8_ENGINES : Tolerance.FP32_ENGINES;
        var vsVerdict = Tolerance.INT8_VS_FP32.check(vsBase.metrics());
        var engVerdict = engineTolerance.check(engines.metrics());
        Map<String, Double> nativeSqnr = new HashMap<>();
        nativeLayers.layers().forEach(l -> nativeSqnr.put(l.layer(), l.sqnrDb()));
        List<ModelReport.LayerRow> rows = refLayers.layers().stream().map(l -> new ModelReport.LayerRow(l.layer(),
                l.type(), l.sqnrDb(), nativeSqnr.get(l.layer()))).toList();
        var report = new ModelReport(name, vsBase.metrics(), vsVerdict, refVsBase.metrics(), engines.metrics(),
                engVerdict, rows, refLayers.firstBelow(thresholdDb).map(LayerDivergence.LayerSqnr::layer).orElse(null),
                nativeLayers.firstBelow(thresholdDb).map(LayerDivergence.LayerSqnr::layer).orElse(null),
                vsVerdict.passed() && engVerdict.passed());
        return new Outcome(report, vsBase);
    }

    /**
     * Layer by layer on the first photos: the candidate's reference simulation and its OpenVINO run (the
     * compute layers exposed as extra outputs of a temporary IR) against the baseline's layers of the same
     * name. The reference copies every layer's output (~120 MB at 224 px), hence only a few samples.
     */
    private void layerPass(ModelProfile cand, ReferenceEngine baseRef, ReferenceEngine candRef, Feed feed,
                           LayerDivergence refLayers, LayerDivergence nativeLayers) throws IOException {
        if (layerSamples == 0) {
            return;
        }
        Feed baseFeed = new Feed(baseline, baseRef);
        ProbedLayers probed = null;
        try {
            for (int i = 0; i < layerSamples; i++) {
                RgbImage img = image(samples.get(i));
                Map<String, float[]> b = ProbedLayers.floats(baseRef.runAllLayers(baseFeed.of(img)));
                Map<String, Tensor> in = feed.of(img);
                Map<String, float[]> c = ProbedLayers.floats(candRef.runAllLayers(in));
                c.keySet().removeIf(k -> !LayerDivergence.COMPUTE_TYPES.contains(typeOf(cand, k)));
                refLayers.add(b, c);
                if (probed == null) {
                    List<String> chosen = c.keySet().stream().filter(b::containsKey)
                            .filter(k -> b.get(k).length == c.get(k).length)
                            .toList();
                    CompileOptions options = CompileOptions.device(device);
                    if (precision.isPresent()) {
                        options = options.withExtra(Engines.INFERENCE_PRECISION_HINT, precision.get());
                    }
                    probed = ProbedLayers.compile(cand.file(), chosen, options);
                    err.printf("validate: %s: %d layers exposed on OpenVINO for the per-layer pass%n", cand.name(),
                            chosen.size());
                }
                nativeLayers.add(b, probed.run(in));
                err.printf("validate: %s: per-layer pass %d/%d%n", cand.name(), i + 1, layerSamples);
                err.flush();
            }
        } finally {
            if (probed != null) {
                probed.close();
            }
        }
    }

    private final Map<Path, Map<String, String>> typeCache = new HashMap<>();

    private String typeOf(ModelProfile m, String layer) {
        return typeCache.computeIfAbsent(m.file(), f -> {
            try (IrModel ir = IrReader.read(f)) {
                Map<String, String> t = new HashMap<>();
                ir.layers().forEach(l -> t.put(l.name(), l.type()));
                return t;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).getOrDefault(layer, "?");
    }

    /** A quantized model has FakeQuantize layers or 8-bit integer weights. */
    static boolean isQuantized(Layer l) {
        return l.type().equals("FakeQuantize") || (l.type().equals("Const") && !l.outputs().isEmpty()
                && (l.outputs().getFirst().type() == ElementType.I8 || l.outputs().getFirst().type() == ElementType.U8));
    }

    /**
     * The first output as floats. Quantized probabilities (u8/i8) are dequantized with TFLite's softmax
     * output scale 1/256 (zero point 0), so they compare with a float baseline's probabilities.
     */
    static float[] output(ModelProfile model, Engine engine, Map<String, Tensor> outputs) {
        Tensor t = Engines.firstOutput(engine, outputs);
        float[] v = t.toFloatArray();
        if (!t.type().isFloatingPoint() && model.outputKind().equals(ModelMetadata.PROBABILITIES)) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= 256f;
            }
        }
        return v;
    }

    private void progress(String what, int i) {
        if ((i + 1) % 25 == 0 || i + 1 == samples.size()) {
            err.printf("validate: %s %d/%d%n", what, i + 1, samples.size());
            err.flush();
        }
    }

    /** Preprocesses an image as one model's metadata says, into its single input. */
    private static final class Feed {
        private final Preprocessor pre;
        private final String input;

        Feed(ModelProfile model, Engine engine) {
            TensorSpec spec = ClassifyCommand.single(engine.inputs(), "input");
            this.pre = new Preprocessor(model.preprocessing(spec, new PrintWriter(PrintWriter.nullWriter())));
            this.input = spec.name();
        }

        Map<String, Tensor> of(RgbImage image) {
            return Map.of(input, pre.tensor(image));
        }
    }
}
