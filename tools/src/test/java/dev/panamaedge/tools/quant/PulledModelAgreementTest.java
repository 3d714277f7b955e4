package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pulled INT8 model (the coral model's own activation ranges, per-channel symmetric int8 weights) against the
 * coral model as OpenVINO imports it (the {@code _as_imported} variant of the same pull), both on OpenVINO, over
 * the 11 photos and 489 augmented crops: the re-expression must not change what the model predicts.
 */
final class PulledModelAgreementTest {
    static Ranking[] asImported;
    static Ranking[] pulled;
    static Ranking[] pulledDefaultPrecision;
    static int photos;

    @BeforeAll
    static void rank() throws Exception {
        List<Tensor> samples = CoralModels.evaluation();
        photos = CoralModels.photoCount();
        var pull = CoralModels.pulled();
        asImported = ranked(pull.asImported().modelXml(), CoralModels.f32Cpu(), samples);
        pulled = ranked(pull.model().modelXml(), CoralModels.f32Cpu(), samples);
        // What users run: the device's default precision (bf16 on AVX512-BF16/AMX CPUs) for the non-int8 layers.
        pulledDefaultPrecision = ranked(pull.model().modelXml(), CompileOptions.cpu(), samples);
        System.out.println("pulled INT8 vs as imported (OpenVINO, f32), " + samples.size() + " inputs: "
                + Agreement.compare(asImported, pulled));
        System.out.println("pulled INT8 (OpenVINO, default precision) vs as imported (OpenVINO, f32), "
                + samples.size() + " inputs: " + Agreement.compare(asImported, pulledDefaultPrecision));
    }

    private static Ranking[] ranked(Path xml, CompileOptions options, List<Tensor> samples) {
        try (Engine e = OpenVinoEngine.load(xml, options)) {
            return Agreement.rankings(e, samples, 5, CoralModels.quiet());
        }
    }

    @Test
    void everyPhotoGetsTheSameTop1() {
        Agreement a = Agreement.compare(Arrays.copyOf(asImported, photos), Arrays.copyOf(pulled, photos));
        assertEquals(photos, a.top1WithTies(), a.toString());
    }

    /** The bar: 99 % of the photos plus crops; the as-imported model's u8 output ties, which count. */
    @Test
    void photosAndCropsAgreeOnAtLeast99Percent() {
        assertEquals(CoralModels.EVALUATION_SAMPLES, pulled.length);
        Agreement a = Agreement.compare(asImported, pulled);
        assertTrue(a.top1WithTiesRate() >= 0.99, a.toString());
    }

    @Test
    void atTheDefaultPrecisionToo() {
        Agreement a = Agreement.compare(asImported, pulledDefaultPrecision);
        assertTrue(a.top1WithTiesRate() >= 0.99, a.toString());
    }
}
