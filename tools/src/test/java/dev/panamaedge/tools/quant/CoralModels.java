package dev.panamaedge.tools.quant;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.StagedDirectory;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import dev.panamaedge.models.quant.Preset;
import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.models.quant.RangeMethod;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.SharedPhotos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The coral MobileNetV2 and everything made from it, built once per test JVM under
 * {@code target/coral-models}: the imported quantized IR, its dequantized FP32 IR, our INT8 IR and NNCF's INT8
 * IR (both calibrated on the same 300 samples), the two models {@code edge models pull --from} puts into a
 * store, and 500 evaluation samples disjoint from calibration.
 */
final class CoralModels {
    static final int CALIBRATION_SAMPLES = 300;
    static final int EVALUATION_SAMPLES = 500;
    static final long CALIBRATION_SEED = 1;
    static final long EVALUATION_SEED = 7;

    private static Path dir;
    private static Path imported;
    private static Path fp32;
    private static Path int8;
    private static Path nncf;
    private static List<Tensor> evaluation;
    private static Quantized offGrid;
    private static Quantized seeded;
    private static List<Tensor> seededEvaluation;
    private static ModelPuller.Pulled pulled;

    private CoralModels() {
    }

    static synchronized Path imported() throws Exception {
        if (imported == null) {
            imported = ModelImporter.importModel(CoralModel.mobilenetV2Quant(),
                    root().resolve("coral"), new ModelImporter.Options(Optional.of(CoralModel.labels()),
                            Optional.empty(), Optional.empty())).modelXml();
        }
        return imported;
    }

    static synchronized Path fp32() throws Exception {
        if (fp32 == null) {
            fp32 = Dequantization.run(imported().getParent(), root().resolve("fp32")).xml();
        }
        return fp32;
    }

    static synchronized Path int8() throws Exception {
        if (int8 == null) {
            var outcome = new Quantization(fp32().getParent(), SharedPhotos.directory(), CALIBRATION_SAMPLES, CALIBRATION_SEED,
                    root().resolve("int8"), Preset.PERFORMANCE, RangeMethod.MINMAX, Optional.empty(),
                    Optional.of(root().resolve("nncf"))).run(quiet());
            int8 = outcome.int8Xml();
            nncf = outcome.nncfXml().orElseThrow();
        }
        return int8;
    }

    static synchronized Path nncf() throws Exception {
        int8();
        return nncf;
    }

    /**
     * A float model and the INT8 models made of it from the same samples: ours with min/max ranges (the default),
     * ours with {@code --range mean_minmax} and with {@code --range percentile}, and NNCF's.
     */
    record Quantized(Path fp32, Path ours, Path oursMeanMinMax, Path oursPercentile, Path nncf) {
    }

    /**
     * The dequantized coral model with every weight moved off its grid ({@code edge models dequantize
     * --off-grid-seed 1}), quantized like {@link #int8()}.
     */
    static synchronized Quantized offGrid() throws Exception {
        if (offGrid == null) {
            Path xml = Dequantization.run(imported().getParent(), root().resolve("offgrid"), OptionalLong.of(1)).xml();
            offGrid = quantize(xml, "offgrid");
        }
        return offGrid;
    }

    /** The seeded (untrained) MobileNetV2 1.0/224 of {@code edge models create} (seed 42), quantized the same way. */
    static synchronized Quantized seeded() throws Exception {
        if (seeded == null) {
            Path xml = new ModelStore(root().resolve("seeded")).ensureMobileNetV2(new MobileNetV2Spec(1.0, 224, 1000), 42);
            seeded = quantize(xml, "seeded");
        }
        return seeded;
    }

    /** The inputs of {@link #evaluation()}, preprocessed as the seeded model's metadata says. */
    static synchronized List<Tensor> seededEvaluation() throws Exception {
        if (seededEvaluation == null) {
            var meta = ModelMetadataFile.read(ModelMetadataFile.sidecarOf(seeded().fp32()));
            seededEvaluation = CalibrationImages.load(SharedPhotos.directory(), EVALUATION_SAMPLES, EVALUATION_SEED,
                    new Preprocessor(meta.preprocessing()), quiet());
        }
        return seededEvaluation;
    }

    private static Quantized quantize(Path fp32Xml, String name) throws Exception {
        var outcome = new Quantization(fp32Xml.getParent(), SharedPhotos.directory(), CALIBRATION_SAMPLES,
                CALIBRATION_SEED, root().resolve(name + "-int8"), Preset.PERFORMANCE, RangeMethod.MINMAX,
                Optional.empty(), Optional.of(root().resolve(name + "-nncf"))).run(quiet());
        var mean = new Quantization(fp32Xml.getParent(), SharedPhotos.directory(), CALIBRATION_SAMPLES,
                CALIBRATION_SEED, root().resolve(name + "-int8-mean-minmax"), Preset.PERFORMANCE, RangeMethod.MEAN_MINMAX,
                Optional.empty(), Optional.empty()).run(quiet());
        var percentile = new Quantization(fp32Xml.getParent(), SharedPhotos.directory(), CALIBRATION_SAMPLES,
                CALIBRATION_SEED, root().resolve(name + "-int8-percentile"), Preset.PERFORMANCE, RangeMethod.PERCENTILE,
                Optional.empty(), Optional.empty()).run(quiet());
        return new Quantized(fp32Xml, outcome.int8Xml(), mean.int8Xml(), percentile.int8Xml(),
                outcome.nncfXml().orElseThrow());
    }

    /** {@code edge models pull mobilenet_v2_imagenet --from ../shared/models/coral} into a store of its own. */
    static synchronized ModelPuller.Pulled pulled() throws Exception {
        if (pulled == null) {
            pulled = ModelPuller.pull("mobilenet_v2_imagenet", Optional.of(CoralModel.directory()),
                    new ModelStore(root().resolve("store")), false, quiet());
        }
        return pulled;
    }

    /** 500 inputs: the 11 photos, then augmented crops with a seed calibration does not use. */
    static synchronized List<Tensor> evaluation() throws Exception {
        if (evaluation == null) {
            var meta = ModelMetadataFile.read(ModelMetadataFile.sidecarOf(imported()));
            evaluation = CalibrationImages.load(SharedPhotos.directory(), EVALUATION_SAMPLES, EVALUATION_SEED,
                    new Preprocessor(meta.preprocessing()), quiet());
        }
        return evaluation;
    }

    static int photoCount() throws IOException {
        return CalibrationImages.list(SharedPhotos.directory()).size();
    }

    /**
     * CPU with f32 inference precision. On CPUs with AVX512-BF16 OpenVINO otherwise runs every layer that is not
     * int8 in bf16, which moves the u8 output of the coral model by up to 10 codes and flips near-ties.
     */
    static CompileOptions f32Cpu() {
        return CompileOptions.cpu().withExtra("INFERENCE_PRECISION_HINT", "f32");
    }

    static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }

    private static Path root() throws IOException {
        if (dir == null) {
            dir = Path.of("target", "coral-models").toAbsolutePath();
            StagedDirectory.deleteTree(dir);
            Files.createDirectories(dir);
        }
        return dir;
    }
}
