package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The accuracy bar, measured: our INT8 model (from the dequantized pretrained coral model, calibrated
 * on 300 photos and crops, with bias correction) on OpenVINO against the FP32 model on the reference engine, over 500 inputs that
 * calibration never saw, next to NNCF's INT8 model calibrated on the same samples.
 */
final class QuantizationAccuracyTest {
    static Ranking[] fp32;
    static Ranking[] ours;
    static Ranking[] nncf;
    static int photos;

    @BeforeAll
    static void rank() throws Exception {
        List<Tensor> samples = CoralModels.evaluation();
        photos = CoralModels.photoCount();
        try (IrModel m = IrReader.read(CoralModels.fp32()); Engine ref = ReferenceEngine.load(m)) {
            fp32 = Agreement.rankings(ref, samples, 5, CoralModels.quiet());
        }
        ours = native5(CoralModels.int8(), samples);
        nncf = native5(CoralModels.nncf(), samples);
        System.out.println("INT8 (ours, OpenVINO) vs FP32 (reference), " + samples.size() + " inputs: "
                + Agreement.compare(fp32, ours));
        System.out.println("INT8 (NNCF, OpenVINO) vs FP32 (reference), " + samples.size() + " inputs: "
                + Agreement.compare(fp32, nncf));
    }

    private static Ranking[] native5(Path xml, List<Tensor> samples) {
        try (Engine e = OpenVinoEngine.load(xml, CoralModels.f32Cpu())) {
            return Agreement.rankings(e, samples, 5, CoralModels.quiet());
        }
    }

    /**
     * The bar: 98 % over 500 inputs, 489 of them crops down to 30 % of a photo. Measured 98.8 % (96.6 %
     * before bias correction and keeping the dequantized weights' own grid; NNCF 97.2 %).
     */
    @Test
    void ourInt8AgreesWithFp32OnAtLeast98PercentOf500Inputs() {
        assertEquals(CoralModels.EVALUATION_SAMPLES, fp32.length);
        Agreement a = Agreement.compare(fp32, ours);
        assertTrue(a.top1Rate() >= 0.98, a.toString());
    }

    @Test
    void everyPhotoKeepsItsFp32Top1InsideTheInt8Top5() {
        Agreement a = Agreement.compare(Arrays.copyOf(fp32, photos), Arrays.copyOf(ours, photos));
        assertEquals(photos, a.top1InTop5(), a.toString());
    }

    @Test
    void ourAgreementIsWithinOnePointOfNncfs() {
        double gap = Agreement.compare(fp32, nncf).top1Rate() - Agreement.compare(fp32, ours).top1Rate();
        assertTrue(gap <= 0.01, "NNCF ahead by " + 100 * gap + " points");
    }
}
