package dev.panamaedge.models.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.models.ir.Layer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DequantizerTest {
    @TempDir
    Path tmp;

    @Test
    void coralModelBecomesFloatWithFoldedWeightsAndReluClamps() throws Exception {
        Path xml = CoralIr.convert(tmp, "mobilenet_v2_1.0_224_quant.tflite");
        try (IrModel q = IrReader.read(xml)) {
            Dequantizer.Result r = Dequantizer.toFloat(q);
            Map<String, Long> ops = r.model().layers().stream()
                    .collect(Collectors.groupingBy(Layer::type, Collectors.counting()));
            assertEquals(null, ops.get("FakeQuantize"));
            assertEquals(36L, ops.get("Convolution"));
            assertEquals(17L, ops.get("GroupConvolution"));
            // 35 ReLU6 of the network plus the [0, 6] range after AvgPool: each a Clamp now.
            assertEquals(36, r.clamps());
            assertEquals(1, r.affineMaps());
            // The input's u8 -> [-1, 1] map clamps to 0..255 first: one more Clamp.
            assertEquals(37L, ops.get("Clamp"));
            // Weights: 53 convolutions, each fed by one f32 Const directly.
            for (Layer conv : r.model().layers()) {
                if (conv.type().endsWith("Convolution")) {
                    int weightsPort = conv.input(1).id();
                    int src = r.model().edges().stream().filter(e -> e.toLayer() == conv.id() && e.toPort() == weightsPort)
                            .findFirst().orElseThrow().fromLayer();
                    Layer w = r.model().layer(src);
                    assertEquals("Const", w.type());
                    assertEquals("f32", w.requireAttribute("element_type"));
                }
            }
            Layer result = r.model().results().getFirst();
            assertEquals(ElementType.F32, result.input(0).type());
            Path out = tmp.resolve("fp32/model.xml");
            IrWriter.write(r.model(), out);
            try (IrModel back = IrReader.read(out)) {
                assertEquals(r.model().layers().size(), back.layers().size());
            }
        }
    }

    @Test
    void foldedWeightsEqualZeroPointAndScaleArithmetic() throws Exception {
        Path xml = CoralIr.convert(tmp, "mobilenet_v2_1.0_224_quant.tflite");
        try (IrModel q = IrReader.read(xml)) {
            Map<Integer, Layer> byId = q.layers().stream().collect(Collectors.toMap(Layer::id, Function.identity()));
            // The first convolution's weights: Const(u8) -> Convert -> Subtract(zp) -> Multiply(scale).
            Layer conv = q.layers().stream().filter(l -> l.type().equals("Convolution")).findFirst().orElseThrow();
            Layer mul = byId.get(src(q, conv.id(), 1));
            Layer sub = byId.get(src(q, mul.id(), 0));
            Layer cvt = byId.get(src(q, sub.id(), 0));
            ConstantTensor raw = ConstantTensor.read(q, byId.get(src(q, cvt.id(), 0)));
            double zp = ConstantTensor.read(q, byId.get(src(q, sub.id(), 1))).values()[0];
            double scale = ConstantTensor.read(q, byId.get(src(q, mul.id(), 1))).values()[0];
            IrModel f = Dequantizer.toFloat(q).model();
            Layer fconv = f.layers().stream().filter(l -> l.type().equals("Convolution")).findFirst().orElseThrow();
            ConstantTensor w = ConstantTensor.read(f, f.layer(src(f, fconv.id(), 1)));
            assertEquals(raw.size(), w.size());
            for (int i = 0; i < w.size(); i += 7) {
                assertEquals((float) ((float) (raw.values()[i] - zp) * scale), (float) w.values()[i], 0f);
            }
        }
    }

    static int src(IrModel m, int layer, int index) {
        int port = m.layer(layer).input(index).id();
        return m.edges().stream().filter(e -> e.toLayer() == layer && e.toPort() == port).findFirst().orElseThrow()
                .fromLayer();
    }
}
