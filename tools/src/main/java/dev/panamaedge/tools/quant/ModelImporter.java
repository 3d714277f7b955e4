package dev.panamaedge.tools.quant;

import dev.panamaedge.models.StagedDirectory;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.BatchReshapes;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.models.ir.OutputQuantization;
import dev.panamaedge.models.ir.Provenance;
import dev.panamaedge.models.quant.OutputQuantizationReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code edge models import}: turns a TFLite or ONNX model (through {@code ovc} from the pinned wheel) or an
 * existing IR into a model directory ({@code model.xml}, {@code model.bin}, {@code metadata.json}).
 *
 * <p>The directory is assembled in a {@link StagedDirectory} and renamed into place, so a failed import leaves
 * nothing behind. The IR is read back with {@link IrReader} before anything is kept. Preprocessing is derived
 * from the input: u8 NHWC is the quantized-TFLite convention (raw pixels, the model holds its own input
 * scale), f32 NHWC the TensorFlow one ({@code [-1, 1]}), f32 NCHW the torchvision one.
 */
public final class ModelImporter {
    private static final long OVC_TIMEOUT_SECONDS = 600;

    private ModelImporter() {
    }

    /** Source formats {@code import} understands. */
    public enum Format { TFLITE, ONNX, IR }

    /**
     * @param labels a label file, one label per line (1001 lines with "background" first for TF models)
     * @param name   the model name recorded in the sidecar; the source file's base name when empty
     * @param source what provenance records as the origin (a URL for pulled models); the file path when empty
     */
    public record Options(Optional<Path> labels, Optional<String> name, Optional<String> source) {
        public static Options defaults() {
            return new Options(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** The imported model directory and its sidecar. */
    public record Imported(Path directory, ModelMetadata metadata, Format format) {
        public Path modelXml() {
            return directory.resolve("model.xml");
        }
    }

    /**
     * Imports {@code file} into {@code outDir}, which must not exist yet or be empty.
     *
     * @throws InvalidModelException    for an unknown format, a model ovc cannot convert, an IR that does not
     *                                  read back, or labels that do not fit the output
     * @throws NoSuchFileException      when {@code file} does not exist
     * @throws IllegalArgumentException when {@code outDir} holds files or is a file
     */
    public static Imported importModel(Path file, Path outDir, Options options) throws IOException, InterruptedException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(outDir, "outDir");
        requireModelFile(file);
        StagedDirectory.requireAbsentOrEmpty(outDir);
        Format format = detect(file);
        try (StagedDirectory staged = StagedDirectory.beside(outDir, "import")) {
            Imported imported = importInto(file, format, staged, options);
            staged.publish();
            return imported;
        }
    }

    /**
     * Writes the model directory of {@code file} into {@code staged} without publishing it, for callers that
     * publish differently ({@link ModelPuller} replaces an existing model). The result names the target.
     */
    static Imported importInto(Path file, Format format, StagedDirectory staged, Options options)
            throws IOException, InterruptedException {
        Path xml = staged.path().resolve("model.xml");
        switch (format) {
            case TFLITE, ONNX -> convert(file, xml);
            case IR -> {
                Files.copy(file, xml);
                Path bin = binOf(file);
                if (!Files.isRegularFile(bin)) {
                    throw new NoSuchFileException(bin.toString(), null, "IR weights file missing beside " + file);
                }
                Files.copy(bin, staged.path().resolve("model.bin"));
            }
        }
        // Converted graphs pin the batch to 1 in Reshape targets ([1, 1001]); -1 lets the model batch.
        BatchReshapes.rewrite(xml);
        ModelMetadata metadata;
        try (IrModel model = IrReader.read(xml)) {
            metadata = metadata(model, file, format, options);
        }
        ModelMetadataFile.write(metadata, staged.path().resolve(ModelMetadataFile.FILE_NAME));
        return new Imported(staged.target(), metadata, format);
    }

    static Format detect(Path file) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 8);
        }
        // A TFLite flatbuffer carries the identifier "TFL3" at bytes 4..7.
        if (n == 8 && new String(head, 4, 4, StandardCharsets.US_ASCII).equals("TFL3")) {
            return Format.TFLITE;
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".onnx")) {
            return Format.ONNX;
        }
        if (name.endsWith(".xml")) {
            return Format.IR;
        }
        if (name.endsWith(".tflite")) {
            throw new InvalidModelException(file + ": not a TFLite flatbuffer (no TFL3 identifier); truncated or corrupt?");
        }
        throw new InvalidModelException(file + ": unknown model format; import takes .tflite, .onnx or an IR .xml");
    }

    private static void convert(Path source, Path xml) throws IOException, InterruptedException {
        Path ovc = VenvTool.locate("ovc");
        // f32 weights: ovc would otherwise compress them to f16, and dequantize/quantize want the exact values.
        VenvTool.Run run = VenvTool.run(List.of(ovc.toString(), source.toAbsolutePath().toString(), "--output_model",
                xml.toString(), "--compress_to_fp16=False"), OVC_TIMEOUT_SECONDS);
        if (run.exitCode() != 0 || !Files.isRegularFile(xml)) {
            throw new InvalidModelException("ovc could not convert " + source + " (exit " + run.exitCode() + "): "
                    + run.tail(3));
        }
    }

    static ModelMetadata metadata(IrModel model, Path file, Format format, Options options) throws IOException {
        List<Layer> params = model.parameters();
        if (params.size() != 1 || model.results().size() != 1) {
            throw new InvalidModelException(file + ": expected one input and one output (an image classifier), found "
                    + params.size() + " inputs and " + model.results().size() + " outputs");
        }
        Preprocessing pre = preprocessing(file, params.getFirst().output(0).type(), params.getFirst().output(0).dims());
        long[] out = model.results().getFirst().input(0).dims();
        long classes = out.length == 0 ? 0 : out[out.length - 1];
        List<String> labels = List.of();
        int offset = classes == 1001 ? 1 : 0;
        if (options.labels().isPresent()) {
            List<String> lines = Files.readAllLines(options.labels().get(), StandardCharsets.UTF_8).stream()
                    .map(String::strip).toList();
            while (!lines.isEmpty() && lines.getLast().isEmpty()) {
                lines = lines.subList(0, lines.size() - 1);
            }
            if (lines.size() == classes && lines.getFirst().equalsIgnoreCase("background")) {
                labels = lines.subList(1, lines.size());
                offset = 1;
            } else if (lines.size() == classes - 1) {
                labels = lines;
                offset = 1;
            } else if (lines.size() == classes) {
                labels = lines;
                offset = 0;
            } else {
                throw new InvalidModelException(options.labels().get() + ": " + lines.size() + " labels for a model with "
                        + classes + " outputs");
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        ElementType outType = model.results().getFirst().input(0).type();
        Optional<OutputQuantization> quantization = OutputQuantizationReader.read(model);
        if ((outType == ElementType.U8 || outType == ElementType.I8) && quantization.isEmpty()) {
            // Without a scale, readers renormalise the codes to sum 1 (Classification.probabilities): say so.
            details.put("outputScores", outType.irName() + " codes without a scale in the IR; renormalised to sum 1");
        }
        details.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
        details.put("file", file.getFileName().toString());
        details.put("classes", Long.toString(classes));
        details.put("labels", options.labels().map(p -> p.getFileName().toString()).orElse("none"));
        Provenance provenance = new Provenance(options.source().orElse(file.toAbsolutePath().toString()),
                format == Format.IR ? "edge models import (IR copy)" : "edge models import (ovc, openvino wheel in .venv)",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Checksums.sha256(file), details);
        String name = options.name().orElse(baseName(file));
        return new ModelMetadata(name, pre, labels, offset, outputKind(model), provenance)
                .withOutputQuantization(quantization);
    }

    static Preprocessing preprocessing(Path file, ElementType type, long[] dims) {
        if (dims.length != 4 || (dims[3] != 3 && dims[1] != 3)) {
            throw new InvalidModelException(file + ": input shape " + java.util.Arrays.toString(dims)
                    + " is not an RGB image batch (NHWC or NCHW with 3 channels)");
        }
        boolean nhwc = dims[3] == 3;
        int h = (int) (nhwc ? dims[1] : dims[2]);
        int w = (int) (nhwc ? dims[2] : dims[3]);
        String layout = nhwc ? "NHWC" : "NCHW";
        return switch (type) {
            case U8 -> new Preprocessing(layout, "RGB", w, h, 0.875, new float[] {0, 0, 0}, new float[] {1, 1, 1},
                    ElementType.U8);
            // int8 TFLite inputs are the pixels shifted by 128.
            case I8 -> new Preprocessing(layout, "RGB", w, h, 0.875, new float[] {128, 128, 128},
                    new float[] {1, 1, 1}, ElementType.I8);
            case F32, F16 -> nhwc
                    ? new Preprocessing("NHWC", "RGB", w, h, 0.875, new float[] {127.5f, 127.5f, 127.5f},
                            new float[] {127.5f, 127.5f, 127.5f}, ElementType.F32)
                    : Preprocessing.imagenetTorchvision(h);
            default -> throw new InvalidModelException(file + ": input element type " + type.irName()
                    + " is not an image type (u8, i8, f32)");
        };
    }

    /** Probabilities when a SoftMax precedes the Result (through converts, quantizers and reshapes). */
    static String outputKind(IrModel model) {
        Layer l = model.results().getFirst();
        for (int hops = 0; hops < 8; hops++) {
            int id = l.id();
            int port = l.input(0).id();
            var edge = model.edges().stream().filter(e -> e.toLayer() == id && e.toPort() == port).findFirst();
            if (edge.isEmpty()) {
                break;
            }
            l = model.layer(edge.get().fromLayer());
            if (l.type().equals("SoftMax")) {
                return ModelMetadata.PROBABILITIES;
            }
            if (l.inputs().isEmpty()) {
                break;
            }
        }
        return ModelMetadata.LOGITS;
    }

    static Path binOf(Path xml) {
        String f = xml.getFileName().toString();
        return xml.resolveSibling(f.substring(0, f.length() - 4) + ".bin");
    }

    private static String baseName(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    private static void requireModelFile(Path file) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "model file not found");
        }
    }
}
