package dev.panamaedge.server;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.StagedDirectory;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.models.ir.Provenance;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import dev.panamaedge.models.quant.OutputQuantizationReader;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.ProjectVenv;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Real models for server tests: MobileNetV2 α 0.35 at 96 px with 1000 classes and seeded weights, written
 * once per build into {@code target/test-models} by the project's {@link ModelStore}, run by the reference
 * engine unless a test asks for another.
 */
final class TestModels {
    static final MobileNetV2Spec SPEC = new MobileNetV2Spec(0.35, 96, 1000);
    static final long SEED = 7;
    static final String NAME = "mobilenet";

    private TestModels() {
    }

    static ModelStore store() {
        return new ModelStore(Path.of("target", "test-models").toAbsolutePath());
    }

    /** model.xml of the small MobileNetV2, generated on first use. */
    static Path mobilenetXml() {
        try {
            return store().ensureMobileNetV2(SPEC, SEED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * model.xml of the pretrained Coral MobileNetV2 (u8 TFLite, 1001 outputs, background first) as
     * {@code edge models import --labels} makes it: converted by the venv's {@code ovc}, with a sidecar holding
     * the 1000 ImageNet labels at offset 1, probabilities, and the output quantization read from the IR.
     * Written once per build into {@code target/test-models/coral_mobilenet_v2_quant}.
     */
    static synchronized Path coralXml() {
        Path dir = Path.of("target", "test-models", "coral_mobilenet_v2_quant").toAbsolutePath();
        Path xml = dir.resolve("model.xml");
        if (Files.isRegularFile(dir.resolve(ModelMetadataFile.FILE_NAME))) {
            return xml;
        }
        try (StagedDirectory staged = StagedDirectory.beside(dir, "tmp")) {
            Path tflite = CoralModel.mobilenetV2Quant();
            Path out = staged.path().resolve("model.xml");
            Process p = new ProcessBuilder(ProjectVenv.tool("ovc").toString(), tflite.toString(), "--output_model",
                    out.toString(), "--compress_to_fp16=False").redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ovc failed:\n" + log);
            }
            List<String> labels = Files.readAllLines(CoralModel.labels(), StandardCharsets.UTF_8);
            ModelMetadata meta;
            try (IrModel model = IrReader.read(out)) {
                meta = new ModelMetadata("coral_mobilenet_v2_quant", Preprocessing.tfliteUint8(224),
                        labels.subList(1, labels.size()), 1, ModelMetadata.PROBABILITIES,
                        new Provenance(tflite.toString(), "server tests (ovc)", "2026-12-07T00:00:00Z", "", Map.of()))
                        .withOutputQuantization(OutputQuantizationReader.read(model));
            }
            if (meta.outputQuantization().isEmpty()) {
                throw new IllegalStateException("no output quantization found in the coral IR " + out);
            }
            ModelMetadataFile.write(meta, staged.path().resolve(ModelMetadataFile.FILE_NAME));
            staged.publish();
            return xml;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ModelSettings referenceSettings() {
        return ModelSettings.defaults().withEngine(EngineKind.REFERENCE).withQueue(64, 2);
    }

    /** A registry serving the small MobileNetV2 as "mobilenet" version 1, loaded before it returns. */
    static ModelRegistry registry() {
        return registry(referenceSettings(), 0);
    }

    static ModelRegistry registry(ModelSettings settings, double shadowRate) {
        return registry(settings, shadowRate, new Metrics());
    }

    /** As {@link #registry(ModelSettings, double)}, recording into {@code metrics}. */
    static ModelRegistry registry(ModelSettings settings, double shadowRate, Metrics metrics) {
        ModelSource source = ModelRepository.single(NAME, "1", mobilenetXml());
        ModelRegistry r = new ModelRegistry(() -> List.of(source), new Engines(), n -> settings, shadowRate,
                Optional.empty(), metrics);
        r.reload();
        if (!r.isReady()) {
            throw new IllegalStateException("test model did not load");
        }
        return r;
    }

    /** OpenVINO's FP32 tolerance against another run of the same input: max |delta| <= 1e-3 x the range of {@code want}. */
    static void assertWithinFp32Tolerance(float[] want, float[] got, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(want.length, got.length, what);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        double max = 0;
        for (int j = 0; j < want.length; j++) {
            lo = Math.min(lo, want[j]);
            hi = Math.max(hi, want[j]);
            max = Math.max(max, Math.abs(want[j] - got[j]));
        }
        org.junit.jupiter.api.Assertions.assertTrue(max <= 1e-3 * (hi - lo),
                what + ": max |delta| " + max + ", range " + (hi - lo));
    }

    /** A seeded input of the model's shape [1, 3, 96, 96] in roughly the normalized-pixel range. */
    static float[] input(long seed) {
        Random random = new Random(seed);
        float[] v = new float[3 * 96 * 96];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian());
        }
        return v;
    }

    /** What the reference engine, loaded independently of the server, computes for {@code input}. */
    static float[] expected(float[] input) throws IOException {
        try (Engine e = new Engines().load(mobilenetXml(), referenceSettings())) {
            Tensor out = e.run(Map.of(e.inputs().getFirst().name(), Tensor.ofFloats(Shape.of(1, 3, 96, 96), input)))
                    .get(e.outputs().getFirst().name());
            return out.toFloatArray();
        }
    }
}
