package dev.panamaedge.models.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.models.ir.OutputQuantization;
import dev.panamaedge.models.mobilenet.MobileNetV2;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class OutputQuantizationReaderTest {
    @TempDir
    Path tmp;

    @Test
    void coralSoftmaxIsU8CodesOfOneTwoHundredFiftySixth() throws Exception {
        Path xml = CoralIr.convert(tmp, "mobilenet_v2_1.0_224_quant.tflite");
        try (IrModel model = IrReader.read(xml)) {
            // TFLite's quantized softmax: scale 1/256, zero point 0 (code 255 is 0.996).
            assertEquals(Optional.of(new OutputQuantization(1.0 / 256, 0)), OutputQuantizationReader.read(model));
        }
    }

    @Test
    void dequantizedCoralModelHasFloatOutputAndNoQuantization() throws Exception {
        Path xml = CoralIr.convert(tmp, "mobilenet_v2_1.0_224_quant.tflite");
        try (IrModel q = IrReader.read(xml)) {
            assertEquals(Optional.empty(), OutputQuantizationReader.read(Dequantizer.toFloat(q).model()));
        }
    }

    @Test
    void seededFloatModelHasNone() throws Exception {
        Path xml = tmp.resolve("seeded/model.xml");
        try (IrModel m = MobileNetV2.build(new MobileNetV2Spec(0.35, 96, 10), 1)) {
            IrWriter.write(m, xml);
        }
        try (IrModel m = IrReader.read(xml)) {
            assertEquals(Optional.empty(), OutputQuantizationReader.read(m));
        }
    }
}
