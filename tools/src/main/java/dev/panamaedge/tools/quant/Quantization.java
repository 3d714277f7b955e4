package dev.panamaedge.tools.quant;

import dev.panamaedge.models.StagedDirectory;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.Provenance;
import dev.panamaedge.models.quant.ActivationRange;
import dev.panamaedge.models.quant.Calibrator;
import dev.panamaedge.models.quant.ChannelMeans;
import dev.panamaedge.models.quant.Int8Quantizer;
import dev.panamaedge.models.quant.Preset;
import dev.panamaedge.models.quant.QuantizationPlan;
import dev.panamaedge.models.quant.RangeMethod;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code edge quantize} end to end: calibration samples, reference-engine calibration, FakeQuantize insertion,
 * the INT8 model directory, and optionally NNCF's INT8 model from the same samples.
 *
 * @param model       FP32 model directory or {@code .xml} (with its metadata sidecar)
 * @param calibration folder of photos
 * @param samples     how many calibration samples (photos first, then augmented crops and flips)
 * @param seed        augmentation seed
 * @param out         new INT8 model directory
 * @param exportNpy   where to write the samples as {@code .npy}, if wanted
 * @param nncfOut     new directory for NNCF's INT8 model of the same FP32 IR, if wanted
 * @param biasCorrection fold each quantized layer's predicted mean output shift back into its bias (one more
 *                    reference pass over the samples; NNCF's fast bias correction, which NNCF applies too)
 */
public record Quantization(Path model, Path calibration, int samples, long seed, Path out, Preset preset,
                           RangeMethod range, Optional<Path> exportNpy, Optional<Path> nncfOut,
                           boolean biasCorrection) {

    /** With bias correction, the default. */
    public Quantization(Path model, Path calibration, int samples, long seed, Path out, Preset preset,
                        RangeMethod range, Optional<Path> exportNpy, Optional<Path> nncfOut) {
        this(model, calibration, samples, seed, out, preset, range, exportNpy, nncfOut, true);
    }

    /** What a run produced. */
    public record Outcome(Path int8Xml, int activationQuantizers, int quantizedWeights, int biasCorrected,
                          int samples, Optional<Path> nncfXml, String nncfSummary) {
    }

    public Outcome run(PrintWriter progress) throws IOException, InterruptedException {
        Path xml = ModelDirectory.xmlOf(model);
        ModelMetadata meta = ModelDirectory.metadataOf(xml).orElseThrow(() -> new IllegalArgumentException(
                "no metadata.json beside " + xml + ": the quantizer needs the model's preprocessing"));
        List<Tensor> inputs = CalibrationImages.load(calibration, samples, seed, new Preprocessor(meta.preprocessing()),
                progress);
        try (IrModel fp32 = IrReader.read(xml)) {
            QuantizationPlan plan = QuantizationPlan.of(fp32);
            Calibrator calibrator = new Calibrator(plan.tensors(), range, preset);
            Map<String, ActivationRange> ranges;
            Map<String, ChannelMeans.Means> means = Map.of();
            try (ReferenceEngine engine = ReferenceEngine.load(fp32)) {
                ranges = CalibrationRun.run(engine, inputs, calibrator, progress);
                if (biasCorrection) {
                    means = CalibrationRun.means(engine, inputs, new ChannelMeans(ranges, preset), progress);
                }
            }
            Int8Quantizer.Result q = Int8Quantizer.quantize(fp32, ranges, preset, java.util.Set.of(), means);
            Path int8 = ModelDirectory.write(q.model(), derived(meta, xml, "_int8", "edge quantize"), out);
            q.model().close();
            Optional<Path> nncf = Optional.empty();
            String summary = "";
            if (exportNpy.isPresent() || nncfOut.isPresent()) {
                Path npy = exportNpy.orElse(Files.createTempFile("edge-calibration-", ".npy"));
                try {
                    NpyFile.write(inputs, npy);
                    if (nncfOut.isPresent()) {
                        String[] result = nncf(xml, meta, npy, nncfOut.get(), progress);
                        nncf = Optional.of(Path.of(result[0]));
                        summary = result[1];
                    }
                } finally {
                    if (exportNpy.isEmpty()) {
                        Files.deleteIfExists(npy);
                    }
                }
            }
            return new Outcome(int8, q.activationQuantizers(), q.quantizedWeights(), q.biasCorrected(), inputs.size(), nncf,
                    summary);
        }
    }

    /** Runs NNCF into a fresh directory; returns the model path and NNCF's JSON summary. */
    private String[] nncf(Path xml, ModelMetadata meta, Path npy, Path dir, PrintWriter progress)
            throws IOException, InterruptedException {
        progress.println("quantizing the same FP32 IR with NNCF (" + preset.name().toLowerCase(Locale.ROOT) + ")");
        progress.flush();
        try (StagedDirectory staged = StagedDirectory.beside(dir, "tmp")) {
            String summary = NncfQuantizer.quantize(xml, npy, staged.path().resolve("model.xml"), preset);
            ModelMetadataFile.write(derived(meta, xml, "_nncf_int8", "NNCF (tools/python/nncf_quantize.py)"),
                    staged.path().resolve(ModelMetadataFile.FILE_NAME));
            staged.publish();
            return new String[] {staged.target().resolve("model.xml").toString(), summary};
        }
    }

    private ModelMetadata derived(ModelMetadata meta, Path xml, String suffix, String tool) {
        Map<String, String> details = new LinkedHashMap<>(meta.provenance().details());
        details.put("quantizedFrom", xml.toAbsolutePath().toString());
        details.put("preset", preset.name().toLowerCase(Locale.ROOT));
        details.put("range", range.name().toLowerCase(Locale.ROOT));
        details.put("biasCorrection", Boolean.toString(biasCorrection));
        details.put("calibration", calibration.toAbsolutePath() + " (" + samples + " samples, seed " + seed + ")");
        return new ModelMetadata(meta.name() + suffix, meta.preprocessing(), meta.labels(), meta.labelOffset(),
                meta.outputKind(), new Provenance(meta.provenance().source(), tool,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), meta.provenance().sha256(), details));
    }
}
