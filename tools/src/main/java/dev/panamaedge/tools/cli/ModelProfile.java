package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.OutputQuantization;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.Labels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The model a command works on: its file and, from the {@code metadata.json} sidecar when there is one,
 * how to preprocess images for it and how to read its output.
 *
 * <p>{@code --model} may name a model file ({@code .xml} IR; {@code .onnx}, {@code .tflite} and the other
 * formats OpenVINO reads, for the native engine only) or a directory holding {@code model.xml}. Without it,
 * the embedded default MobileNetV2 is created in the model store on first use.
 */
record ModelProfile(Path file, Optional<ModelMetadata> metadata) {

    static ModelProfile resolve(Optional<Path> model, PrintWriter progress) throws IOException {
        Path file = model.isPresent() ? locate(model.get()) : embeddedDefault(progress);
        Path sidecar = ModelMetadataFile.sidecarOf(file);
        Optional<ModelMetadata> metadata = Files.isRegularFile(sidecar)
                ? Optional.of(ModelMetadataFile.read(sidecar)) : Optional.empty();
        if (model.isEmpty() && metadata.map(ModelMetadata::untrained).orElse(false)) {
            progress.println("edge: the embedded default model is not a trained classifier: "
                    + ModelStore.UNTRAINED_NOTICE + ", then pass --model " + ModelStore.fromEnvironment()
                    .directory(ModelStore.PRETRAINED_NAME));
            progress.flush();
        }
        return new ModelProfile(file, metadata);
    }

    private static Path locate(Path given) throws IOException {
        if (Files.isDirectory(given)) {
            Path xml = given.resolve("model.xml");
            if (!Files.isRegularFile(xml)) {
                throw new NoSuchFileException(xml.toString(), null, "--model directory has no model.xml");
            }
            return xml.toAbsolutePath();
        }
        if (!Files.exists(given)) {
            throw new NoSuchFileException(given.toString());
        }
        return given.toAbsolutePath();
    }

    private static Path embeddedDefault(PrintWriter progress) throws IOException {
        ModelStore store = ModelStore.fromEnvironment();
        boolean existed = Files.isRegularFile(store.directory(ModelStore.mobileNetV2Name(ModelStore.DEFAULT_SPEC,
                ModelStore.DEFAULT_SEED)).resolve(ModelStore.MODEL_XML));
        if (!existed) {
            progress.println("edge: creating the embedded default model (MobileNetV2 1.0, 224 px, 1000 classes,"
                    + " seed " + ModelStore.DEFAULT_SEED + ") in " + store.root() + " ...");
            progress.flush();
        }
        Path xml = store.ensureMobileNetV2(ModelStore.DEFAULT_SPEC, ModelStore.DEFAULT_SEED);
        if (!existed) {
            progress.println("edge: created the embedded default model on first use: " + xml);
        } else {
            progress.println("edge: using the embedded default model " + xml);
        }
        progress.flush();
        return xml;
    }

    /** True for OpenVINO IR, the only format the reference engine reads. */
    boolean isIr() {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml");
    }

    /** The model's name for reports: the metadata's, else the file name. */
    String name() {
        return metadata.map(ModelMetadata::name).orElse(file.getFileName().toString());
    }

    /**
     * The preprocessing from the metadata, or a guess from the input when there is none: u8 inputs get the
     * quantized-TFLite convention (raw pixels), float inputs ImageNet mean/std, in the input's layout.
     */
    Preprocessing preprocessing(TensorSpec input, PrintWriter progress) {
        if (metadata.isPresent()) {
            return metadata.get().preprocessing();
        }
        long[] d = input.dims();
        if (d.length != 4 || (d[1] != 3 && d[3] != 3)) {
            throw new UsageException("model input " + input + " is not an image [N,3,H,W] or [N,H,W,3], and "
                    + ModelMetadataFile.sidecarOf(file) + " is missing");
        }
        boolean nchw = d[1] == 3;
        int h = (int) (nchw ? d[2] : d[1]);
        int w = (int) (nchw ? d[3] : d[2]);
        if (h <= 0 || w <= 0) {
            throw new UsageException("model input " + input + " has a dynamic image size; add a "
                    + ModelMetadataFile.FILE_NAME + " that sets the preprocessing");
        }
        Preprocessing base = input.type() == ElementType.U8 ? Preprocessing.tfliteUint8(h)
                : Preprocessing.imagenetTorchvision(h);
        Preprocessing p = new Preprocessing(nchw ? "NCHW" : "NHWC", "RGB", w, h, base.cropFraction(), base.mean(),
                base.scale(), input.type() == ElementType.U8 ? ElementType.U8 : ElementType.F32);
        progress.println("edge: no " + ModelMetadataFile.FILE_NAME + " beside " + file + "; assuming " + p);
        progress.flush();
        return p;
    }

    Labels labels() {
        return metadata.map(m -> new Labels(m.labels(), m.labelOffset())).orElse(Labels.none());
    }

    /** The output's scale and zero point from the metadata, for u8/i8 outputs that have them. */
    Optional<OutputQuantization> outputQuantization() {
        return metadata.flatMap(ModelMetadata::outputQuantization);
    }

    /** Logits unless the metadata says probabilities; without metadata, judged from the values. */
    Classification.Scores scores(float[] output) {
        if (metadata.isPresent()) {
            return metadata.get().outputKind().equals(ModelMetadata.PROBABILITIES)
                    ? Classification.Scores.PROBABILITIES : Classification.Scores.LOGITS;
        }
        double sum = 0;
        for (float v : output) {
            if (v < 0 || v > 1) {
                return Classification.Scores.LOGITS;
            }
            sum += v;
        }
        return Math.abs(sum - 1) < 1e-3 ? Classification.Scores.PROBABILITIES : Classification.Scores.LOGITS;
    }

    /** What validate compares: the metadata's output kind, or logits when unknown. */
    String outputKind() {
        return metadata.map(ModelMetadata::outputKind).orElse(ModelMetadata.LOGITS);
    }
}
