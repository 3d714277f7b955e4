package dev.panamaedge.tools.onnx;

import dev.panamaedge.models.StagedDirectory;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.Provenance;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.tools.quant.CalibrationImages;
import dev.panamaedge.tools.quant.ModelDirectory;
import dev.panamaedge.tools.quant.NpyFile;
import dev.panamaedge.tools.quant.OrtQuantizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model directories in ONNX for the onnxruntime engine: {@code model.onnx} with the IR's {@code metadata.json}
 * beside it (so {@code classify}, {@code validate} and {@code bench} preprocess it as the IR), from an FP32 IR,
 * and ONNX Runtime's QDQ INT8 version of such an export, calibrated on the samples {@code edge quantize} uses.
 */
public final class OnnxModels {
    public static final String MODEL_ONNX = "model.onnx";

    private OnnxModels() {
    }

    /** Where an INT8 export came from and what ONNX Runtime's quantizer said. */
    public record Quantized(Path onnx, int samples, String summary) {
    }

    /**
     * Exports the IR at {@code model} (a directory or {@code .xml}) as {@code out/model.onnx}.
     *
     * @throws IllegalArgumentException when {@code out} is occupied
     * @throws dev.panamaedge.models.ir.UnsupportedOpException for an op the exporter does not map
     */
    public static Path export(Path model, Path out) throws IOException {
        Path xml = ModelDirectory.xmlOf(model);
        StagedDirectory.requireAbsentOrEmpty(out);
        Optional<ModelMetadata> meta = ModelDirectory.metadataOf(xml);
        try (IrModel ir = IrReader.read(xml); StagedDirectory staged = StagedDirectory.beside(out, "tmp")) {
            OnnxExport.write(ir, staged.path().resolve(MODEL_ONNX));
            if (meta.isPresent()) {
                ModelMetadataFile.write(derived(meta.get(), "_onnx", "edge models export-onnx",
                        Map.of("exportedFrom", xml.toAbsolutePath().toString(), "opset",
                                Integer.toString(OnnxExport.OPSET))), staged.path().resolve(ModelMetadataFile.FILE_NAME));
            }
            staged.publish();
            return staged.target().resolve(MODEL_ONNX);
        }
    }

    /**
     * ONNX Runtime's static quantization of the export {@code fp32Onnx} into {@code out/model.onnx}, on
     * {@code samples} inputs from {@code photos} (photos first, then seeded crops: {@link CalibrationImages},
     * the same call, count and seed as {@code edge quantize}).
     */
    public static Quantized quantize(Path fp32Onnx, Path photos, int samples, long seed, Path out, PrintWriter progress)
            throws IOException, InterruptedException {
        Path sidecar = ModelMetadataFile.sidecarOf(fp32Onnx);
        if (!Files.isRegularFile(sidecar)) {
            throw new IllegalArgumentException("no metadata.json beside " + fp32Onnx
                    + ": calibration needs the model's preprocessing");
        }
        ModelMetadata meta = ModelMetadataFile.read(sidecar);
        StagedDirectory.requireAbsentOrEmpty(out);
        List<Tensor> inputs = CalibrationImages.load(photos, samples, seed, new Preprocessor(meta.preprocessing()),
                progress);
        Path npy = Files.createTempFile("edge-ort-calibration-", ".npy");
        try (StagedDirectory staged = StagedDirectory.beside(out, "tmp")) {
            NpyFile.write(inputs, npy);
            progress.println("quantizing " + fp32Onnx + " with ONNX Runtime's static quantization (QDQ)");
            progress.flush();
            String summary = OrtQuantizer.quantize(fp32Onnx, npy, staged.path().resolve(MODEL_ONNX));
            String base = meta.name().endsWith("_onnx") ? meta.name().substring(0, meta.name().length() - 5) : meta.name();
            ModelMetadata int8 = derived(meta, "", "ONNX Runtime quantize_static (tools/python/ort_quantize.py)",
                    Map.of("quantizedFrom", fp32Onnx.toAbsolutePath().toString(), "calibration",
                            photos.toAbsolutePath() + " (" + samples + " samples, seed " + seed + ")"));
            ModelMetadataFile.write(renamed(int8, base + "_ort_int8"), staged.path().resolve(ModelMetadataFile.FILE_NAME));
            staged.publish();
            return new Quantized(staged.target().resolve(MODEL_ONNX), inputs.size(), summary);
        } finally {
            Files.deleteIfExists(npy);
        }
    }

    private static ModelMetadata derived(ModelMetadata meta, String suffix, String tool, Map<String, String> more) {
        Map<String, String> details = new LinkedHashMap<>(meta.provenance().details());
        details.putAll(more);
        return new ModelMetadata(meta.schemaVersion(), meta.name() + suffix, meta.preprocessing(), meta.labels(),
                meta.labelOffset(), meta.outputKind(), new Provenance(meta.provenance().source(), tool,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), meta.provenance().sha256(), details),
                meta.outputQuantization());
    }

    private static ModelMetadata renamed(ModelMetadata m, String name) {
        return new ModelMetadata(m.schemaVersion(), name, m.preprocessing(), m.labels(), m.labelOffset(), m.outputKind(),
                m.provenance(), m.outputQuantization());
    }
}
