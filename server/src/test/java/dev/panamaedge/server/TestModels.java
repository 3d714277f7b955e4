package dev.panamaedge.server;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    static ModelSettings referenceSettings() {
        return ModelSettings.defaults().withEngine(EngineKind.REFERENCE).withQueue(64, 2);
    }

    /** A registry serving the small MobileNetV2 as "mobilenet" version 1, loaded before it returns. */
    static ModelRegistry registry() {
        return registry(referenceSettings(), 0);
    }

    static ModelRegistry registry(ModelSettings settings, double shadowRate) {
        ModelSource source = ModelRepository.single(NAME, "1", mobilenetXml());
        ModelRegistry r = new ModelRegistry(() -> List.of(source), new Engines(), n -> settings, shadowRate,
                Optional.empty(), new Metrics());
        r.reload();
        if (!r.isReady()) {
            throw new IllegalStateException("test model did not load");
        }
        return r;
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
