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
    void weightsBecomePerChannelInt8CodesOnTheFullOrTheOriginalGrid() throws Exception {
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
        int fullScale = 0;
        int originalGrid = 0;
        for (Layer l : m.layers()) {
            if (l.type().equals("Const") && l.name().endsWith("/weights/int8")) {
                ConstantTensor codes = ConstantTensor.read(m, l);
                String scaleName = l.name().replace("/int8", "/scale");
                ConstantTensor scale = ConstantTensor.read(m,
                        m.layers().stream().filter(x -> x.name().equals(scaleName)).findFirst().orElseThrow());
                // [O, I, kh, kw] or, depthwise, [G, 1, 1, kh, kw]: the first dimension counts output channels.
                int outChannels = (int) codes.dims()[0];
                int perChannel = codes.size() / outChannels;
                java.util.Set<Double> gridSteps = new java.util.HashSet<>();
                for (int c = 0; c < outChannels; c++) {
                    double max = 0;
                    for (int i = 0; i < perChannel; i++) {
                        max = Math.max(max, Math.abs(codes.values()[c * perChannel + i]));
                    }
                    // A channel uses the full grid (largest code ±127) or keeps the coral model's own per-tensor
                    // u8 grid, whose step is then the same for every such channel of the layer.
                    if (max == 127) {
                        fullScale++;
                    } else if (max > 0) {
                        originalGrid++;
                        gridSteps.add(scale.values()[c]);
                    }
                }
                assertTrue(gridSteps.size() <= 1, l.name() + " keeps several grids: " + gridSteps);
                checked++;
            }
        }
        // Measured on the coral model: most channels fit the original grid in -127..127, so their codes are exact.
        assertTrue(originalGrid > fullScale, originalGrid + " channels on the original grid, " + fullScale + " rescaled");
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

    @Test
    void biasCorrectionRewritesTheBiasOfEveryQuantizedLayer() {
        Map<String, ActivationRange> ranges = new HashMap<>();
        Map<String, ChannelMeans.Means> means = new HashMap<>();
        for (ActivationPoint p : QuantizationPlan.of(fp32).activations()) {
            ranges.put(p.tensor(), new ActivationRange(-1f, 6f));
            int channels = (int) fp32.layer(p.producerLayer()).outputs().stream()
                    .filter(o -> o.id() == p.producerPort()).findFirst().orElseThrow().dims()[1];
            double[] ones = new double[channels];
            java.util.Arrays.fill(ones, 1);
            means.put(p.tensor(), new ChannelMeans.Means(ones, ones));
        }
        Int8Quantizer.Result r = Int8Quantizer.quantize(fp32, ranges, Preset.PERFORMANCE, java.util.Set.of(), means);
        // Every convolution of the coral model, the classifier included, ends in a bias Add.
        assertEquals(53, r.biasCorrected());
        assertEquals(53, r.model().layers().stream().filter(l -> l.name().endsWith("/corrected")).count());
        assertEquals(0, Int8Quantizer.quantize(fp32, ranges, Preset.PERFORMANCE).biasCorrected());
    }
}
