package dev.panamaedge.models.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class Int8QuantizerTest {
    @TempDir
    static Path tmp;
    static IrModel quantized;
    static IrModel fp32;

    @BeforeAll
    static void dequantizeCoral() throws Exception {
        quantized = IrReader.read(CoralIr.convert(tmp, "mobilenet_v2_1.0_224_quant.tflite"));
        fp32 = Dequantizer.toFloat(quantized).model();
    }

    @Test
    void planPutsOneQuantizerOnEachConvolutionInputAndResidualBranch() {
        QuantizationPlan plan = QuantizationPlan.of(fp32);
        assertEquals(53, plan.weightedLayers().size());
        // 53 convolution inputs and 10 residual Adds share producers: 63 distinct tensors, as NNCF finds 63
        // plus one more on the AvgPool input, which we reach by moving the classifier's quantizer up through it.
        assertEquals(63, plan.activations().size());
        Map<String, Long> producers = plan.activations().stream().collect(java.util.stream.Collectors.groupingBy(
                p -> fp32.layer(p.producerLayer()).type(), java.util.stream.Collectors.counting()));
        // 34 ReLU6 outputs feed a convolution (the last one feeds AvgPool) plus the no-op [0, 6] Clamp after
        // AvgPool that feeds the classifier; the Adds are the input's affine map, 17 projection outputs and the
        // 10 residual sums.
        assertEquals(Map.of("Clamp", 35L, "Add", 28L), producers);
    }

    @Test
    void alreadyQuantizedModelIsRefused() {
        var e = assertThrows(UnsupportedOpException.class, () -> QuantizationPlan.of(quantized));
        assertTrue(e.getMessage().contains("dequantize"), e.getMessage());
    }

    @Test
    void weightsBecomePerChannelInt8CodesWithFullScale() throws Exception {
        Map<String, ActivationRange> ranges = new HashMap<>();
        for (String t : QuantizationPlan.of(fp32).tensors()) {
            ranges.put(t, new ActivationRange(-1f, 6f));
        }
        Int8Quantizer.Result r = Int8Quantizer.quantize(fp32, ranges, Preset.PERFORMANCE);
        assertEquals(63, r.activationQuantizers());
        assertEquals(53, r.quantizedWeights());
        IrModel m = r.model();
        long fq = m.layers().stream().filter(l -> l.type().equals("FakeQuantize")).count();
        assertEquals(63, fq);
        int checked = 0;
        for (Layer l : m.layers()) {
            if (l.type().equals("Const") && l.name().endsWith("/weights/int8")) {
                ConstantTensor codes = ConstantTensor.read(m, l);
                // [O, I, kh, kw] or, depthwise, [G, 1, 1, kh, kw]: the first dimension counts output channels.
                int outChannels = (int) codes.dims()[0];
                int perChannel = codes.size() / outChannels;
                for (int c = 0; c < outChannels; c++) {
                    double max = 0;
                    for (int i = 0; i < perChannel; i++) {
                        max = Math.max(max, Math.abs(codes.values()[c * perChannel + i]));
                    }
                    // Every channel with any non-zero weight uses the full grid: its largest code is ±127.
                    assertTrue(max == 127 || max == 0, l.name() + " channel " + c + " max code " + max);
                }
                checked++;
            }
        }
        assertEquals(53, checked);
        Path out = tmp.resolve("int8/model.xml");
        IrWriter.write(m, out);
        try (IrModel back = IrReader.read(out)) {
            assertEquals(m.layers().size(), back.layers().size());
        }
    }

    @Test
    void missingRangeIsAnError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Int8Quantizer.quantize(fp32, Map.of(), Preset.PERFORMANCE));
        assertTrue(e.getMessage().startsWith("no calibrated range for tensor"), e.getMessage());
    }
}
