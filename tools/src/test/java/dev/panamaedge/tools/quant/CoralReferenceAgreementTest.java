package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IR ovc makes from the quantized coral model (FakeQuantize, Convert, Subtract/Multiply dequantization)
 * on OpenVINO, where it runs int8 kernels, against the reference engine simulating every FakeQuantize.
 */
final class CoralReferenceAgreementTest {
    static Ranking[] reference;
    static Ranking[] openvino;
    static int photos;

    @BeforeAll
    static void rank() throws Exception {
        List<Tensor> samples = CoralModels.evaluation();
        photos = CoralModels.photoCount();
        try (IrModel m = IrReader.read(CoralModels.imported()); Engine ref = ReferenceEngine.load(m)) {
            reference = Agreement.rankings(ref, samples, 5, CoralModels.quiet());
        }
        try (Engine ov = OpenVinoEngine.load(CoralModels.imported(), CoralModels.f32Cpu())) {
            openvino = Agreement.rankings(ov, samples, 5, CoralModels.quiet());
        }
        System.out.println("coral IR, OpenVINO vs reference: photos "
                + Agreement.compare(Arrays.copyOf(reference, photos), Arrays.copyOf(openvino, photos)) + "; augmented "
                + Agreement.compare(Arrays.copyOfRange(reference, photos, reference.length),
                        Arrays.copyOfRange(openvino, photos, openvino.length)));
    }

    @Test
    void everyPhotoGetsTheSameTop1() {
        Agreement a = Agreement.compare(Arrays.copyOf(reference, photos), Arrays.copyOf(openvino, photos));
        assertEquals(photos, a.top1(), a.toString());
    }

    /**
     * The bar: 99 % over the 489 augmented inputs (crops of 30–100 % of a photo, half of them mirrored).
     * OpenVINO runs this IR with int8 kernels (exact int32 sums, requantization in f32 scale/shift form) while the
     * reference simulates every FakeQuantize in f32 after float convolutions, so a value next to a rounding
     * boundary can land one code apart and the difference grows through the network. The model's output is u8
     * probabilities in steps of 1/256, where close classes tie; a tie is no disagreement ({@link Agreement}).
     */
    @Test
    void augmentedInputsAgreeOnAtLeast99Percent() {
        Agreement a = Agreement.compare(Arrays.copyOfRange(reference, photos, reference.length),
                Arrays.copyOfRange(openvino, photos, openvino.length));
        assertEquals(CoralModels.EVALUATION_SAMPLES - photos, a.samples());
        assertTrue(a.top1WithTiesRate() >= 0.99, a.toString());
    }
}
