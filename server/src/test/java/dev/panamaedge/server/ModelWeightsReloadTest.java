package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served model's {@code model.bin} replaced in place: the native engine with a compiled-model cache serves
 * the new weights on reload and after a restart, and a truncated {@code .bin} is refused while the previous
 * version keeps serving.
 */
final class ModelWeightsReloadTest {
    private static final long OTHER_SEED = 8;

    @TempDir
    Path tmp;

    private ModelRegistry registry(Path repo) {
        ModelSettings cached = new ModelSettings(EngineKind.NATIVE, "CPU", "LATENCY", "f32", 0, 0,
                Optional.of(tmp.resolve("cache")), 16, 1);
        return new ModelRegistry(() -> ModelRepository.scan(repo), new Engines(), n -> cached, 0, Optional.empty(),
                new Metrics());
    }

    private static float[] served(ModelRegistry registry) throws Exception {
        ServedModel m = registry.resolve(TestModels.NAME, Optional.empty());
        return m.infer(Map.of(m.inputs().getFirst().name(),
                Tensor.ofFloats(Shape.of(1, 3, 96, 96), TestModels.input(80)))).values().iterator().next().toFloatArray();
    }

    private static float[] reference(Path xml) throws IOException {
        try (Engine e = new Engines().load(xml, TestModels.referenceSettings())) {
            return e.run(Map.of(e.inputs().getFirst().name(), Tensor.ofFloats(Shape.of(1, 3, 96, 96),
                    TestModels.input(80)))).values().iterator().next().toFloatArray();
        }
    }

    /** OpenVINO in f32 agrees with the reference within 1e-3 of the logit range; other weights do not. */
    private static void assertServes(float[] want, float[] got, String what) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            min = Math.min(min, want[i]);
            max = Math.max(max, want[i]);
            worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        assertTrue(worst <= 1e-3 * (max - min), what + ": max |delta| " + worst + " over range " + (max - min));
    }

    private static void replace(Path target, Path source) throws IOException {
        FileTime before = Files.getLastModifiedTime(target);
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        // The repository notices a change by size and time; the same size is the point here, so move the time.
        Files.setLastModifiedTime(target, FileTime.fromMillis(before.toMillis() + 2_000));
    }

    @Test
    void replacedWeightsServeAtOnceAndAfterARestartAndATruncatedBinKeepsThemServing() throws Exception {
        Path seven = TestModels.mobilenetXml();
        Path eight = TestModels.store().ensureMobileNetV2(TestModels.SPEC, OTHER_SEED);
        // Same layout, other weights: the xml differs only in the seed its name and rt_info record, and only the bin is swapped.
        assertEquals(Files.readString(seven).replace("_s7\"", "").replace("<seed value=\"7\" />", ""),
                Files.readString(eight).replace("_s8\"", "").replace("<seed value=\"8\" />", ""));
        float[] sevenOut = reference(seven);
        float[] eightOut = reference(eight);
        assertTrue(!Arrays.equals(sevenOut, eightOut));

        Path repo = tmp.resolve("repo");
        Path version = repo.resolve(TestModels.NAME).resolve("1");
        ModelRepositoryReloadTest.copyModel(version);
        Path bin = version.resolve("model.bin");
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(ModelRegistry.class.getName());
        log.addHandler(capture);
        try (ModelRegistry registry = registry(repo)) {
            registry.reload();
            assertServes(sevenOut, served(registry), "first load");

            replace(bin, eight.resolveSibling("model.bin"));
            registry.reload();
            assertServes(eightOut, served(registry), "hot reload after model.bin was replaced");

            byte[] whole = Files.readAllBytes(bin);
            Files.write(bin, Arrays.copyOf(whole, whole.length - 1000));
            registry.reload();
            assertServes(eightOut, served(registry), "a truncated model.bin keeps the previous version serving");
            String refused = "mobilenet/1: reload failed, still serving the previous files: InvalidModelException: "
                    + "model.bin is " + (whole.length - 1000) + " bytes, but the constants in model.xml need "
                    + whole.length + " (truncated or wrong .bin?)";
            assertTrue(warnings.contains(refused), warnings.toString());
        } finally {
            log.removeHandler(capture);
        }

        replace(bin, eight.resolveSibling("model.bin"));
        try (ModelRegistry restarted = registry(repo)) {
            restarted.reload();
            assertServes(eightOut, served(restarted), "a fresh server on the same cache dir");
        }
        replace(bin, seven.resolveSibling("model.bin"));
        try (ModelRegistry restarted = registry(repo)) {
            restarted.reload();
            assertServes(sevenOut, served(restarted), "the first weights back, after a restart");
        }
    }
}
