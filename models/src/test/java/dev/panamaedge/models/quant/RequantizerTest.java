package dev.panamaedge.models.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.Layer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coral models' own quantization, re-expressed in the INT8 form {@link Int8Quantizer} writes. */
final class RequantizerTest {
    /** The coral model's ReLU6 range: 255 steps of its u8 scale. */
    private static final float RELU6_HIGH = 5.999761581420898f;

    @TempDir
    static Path tmp;
    static IrModel quantized;
    static Dequantizer.Result dequantized;

    @BeforeAll
    static void convert() throws Exception {
        quantized = IrReader.read(CoralIr.convert(tmp, "mobilenet_v2_1.0_224_quant.tflite"));
        dequantized = Dequantizer.toFloat(quantized);
    }

    @Test
    void dequantizerKeepsTheRangeOfEveryActivationFakeQuantizeItReplaced() {
        Map<String, ActivationRange> ranges = dequantized.activationRanges();
        // 66 activation FakeQuantize (the 67th, on the SoftMax output, goes with the u8 output stage).
        assertEquals(66, ranges.size());
        for (String tensor : QuantizationPlan.of(dequantized.model()).tensors()) {
            assertTrue(ranges.containsKey(tensor), tensor + " has no range of its own");
        }
        // The input's u8 -> [-1, 1) map: TFLite's scale 1/128, zero point 128.
        var input = ranges.entrySet().stream().filter(e -> e.getKey().endsWith("/shift")).findFirst().orElseThrow();
        assertEquals(new ActivationRange(-1f, 0.9921875f), input.getValue());
        long relu6 = ranges.values().stream().filter(r -> r.equals(new ActivationRange(0f, RELU6_HIGH))).count();
        assertEquals(36, relu6);
    }

    @Test
    void coralModelBecomesInt8WithItsOwnRangesAndItsWeightsGrid() {
        Requantizer.Result r = Requantizer.requantize(quantized, Preset.PERFORMANCE);
        IrModel m = r.model();
        assertEquals(53, r.quantizedWeights());
        // The 63 planned tensors plus those the model rounds elsewhere: the average pool's input and the logits
        // before and after their reshape.
        assertEquals(66, r.activationQuantizers());
        assertEquals(0, m.layers().stream().filter(l -> l.type().equals("Subtract")).count());
        long reluQuantizers = 0;
        for (Layer fq : m.layers()) {
            if (fq.type().equals("FakeQuantize")) {
                float low = (float) ConstantTensor.read(m, m.layer(DequantizerTest.src(m, fq.id(), 1))).values()[0];
                float high = (float) ConstantTensor.read(m, m.layer(DequantizerTest.src(m, fq.id(), 2))).values()[0];
                reluQuantizers += low == 0f && high == RELU6_HIGH ? 1 : 0;
            }
        }
        assertEquals(36, reluQuantizers);
        // Per output channel, the int8 codes times their scale give back the model's own weights wherever the
        // u8 codes minus their zero point fit in -127..127: measured 63 channels of 18057 do not.
        int channels = 0;
        int exact = 0;
        IrModel fp32 = dequantized.model();
        for (Layer conv : m.layers()) {
            if (!conv.type().endsWith("Convolution")) {
                continue;
            }
            Layer mul = m.layer(DequantizerTest.src(m, conv.id(), 1));
            ConstantTensor codes = ConstantTensor.read(m, m.layer(DequantizerTest.src(m,
                    DequantizerTest.src(m, mul.id(), 0), 0)));
            ConstantTensor scale = ConstantTensor.read(m, m.layer(DequantizerTest.src(m, mul.id(), 1)));
            assertEquals(ElementType.I8, codes.type());
            Layer original = fp32.layers().stream().filter(l -> l.name().equals(conv.name())).findFirst().orElseThrow();
            ConstantTensor w = ConstantTensor.read(fp32, fp32.layer(DequantizerTest.src(fp32, original.id(), 1)));
            int out = (int) codes.dims()[0];
            int per = codes.size() / out;
            for (int c = 0; c < out; c++) {
                boolean same = true;
                for (int i = c * per; i < (c + 1) * per && same; i++) {
                    double back = (float) codes.values()[i] * (float) scale.values()[c];
                    same = Math.abs(back - w.values()[i]) <= 1e-5 * Math.abs(w.values()[i]) + 1e-12;
                }
                channels++;
                exact += same ? 1 : 0;
            }
        }
        assertEquals(18057, channels);
        assertEquals(channels - 63, exact);
    }

    @Test
    void tf2PostTrainingQuantizedModelCarriesEveryRangeToo() throws Exception {
        try (IrModel tf2 = IrReader.read(CoralIr.convert(tmp.resolve("tf2"), "tf2_mobilenet_v2_1.0_224_ptq.tflite"))) {
            Requantizer.Result r = Requantizer.requantize(tf2, Preset.PERFORMANCE);
            assertEquals(53, r.quantizedWeights());
            assertTrue(r.activationQuantizers() >= 63, Integer.toString(r.activationQuantizers()));
            r.model().close();
        }
    }

    @Test
    void aFloatModelHasNoRangesOfItsOwnAndIsRefusedClearly() {
        var e = assertThrows(InvalidModelException.class,
                () -> Requantizer.requantize(dequantized.model(), Preset.PERFORMANCE));
        assertTrue(e.getMessage().contains("not a fully quantized model"), e.getMessage());
        assertTrue(Optional.ofNullable(e.getMessage()).orElse("").contains("edge quantize"), e.getMessage());
    }
}
