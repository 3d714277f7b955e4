package dev.panamaedge.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.GraphBuilder;
import dev.panamaedge.models.ir.IntermediateOutputs;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain of five 1x1 convolutions with ReLU6-like clamps, and an "INT8" copy with the same layer names
 * whose FakeQuantize after each clamp has 256 levels except after {@code clamp2}, where it has 4. The
 * divergence finder must name {@code conv3}, the first layer fed by the coarse grid, on the reference
 * engine and on OpenVINO through exposed intermediate outputs.
 */
final class LayerDivergenceTest {
    private static final int LAYERS = 5;
    private static final int COARSE_AT = 2;
    private static final double THRESHOLD_DB = 20;

    @Test
    void firstLayerUnderTheThresholdIsTheOneAfterTheCoarseQuantizer(@TempDir Path tmp) throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        try (IrModel fp32 = chain(false); IrModel int8 = chain(true);
             ReferenceEngine base = ReferenceEngine.load(fp32); ReferenceEngine sim = ReferenceEngine.load(int8)) {
            int8.layers().forEach(l -> types.put(l.name(), l.type()));
            var reference = new LayerDivergence(types);
            var openvino = new LayerDivergence(types);
            List<String> probed = int8.layers().stream().filter(l -> l.type().equals("Convolution")
                    || l.type().equals("Clamp")).map(l -> l.name()).toList();
            IntermediateOutputs.Probed p = IntermediateOutputs.withResults(int8, probed);
            IrWriter.write(p.model(), tmp.resolve("model.xml"));
            try (OpenVinoEngine ov = OpenVinoEngine.load(tmp.resolve("model.xml"),
                    CompileOptions.cpu().withExtra("INFERENCE_PRECISION_HINT", "f32"))) {
                for (int s = 0; s < 3; s++) {
                    Map<String, Tensor> in = Map.of("x", input(s));
                    Map<String, float[]> b = floats(base.runAllLayers(in));
                    Map<String, float[]> c = floats(sim.runAllLayers(in));
                    c.keySet().retainAll(probed);
                    assertEquals(2 * LAYERS, reference.add(b, c));
                    Map<String, float[]> fromOv = new LinkedHashMap<>();
                    for (var e : ov.run(in).entrySet()) {
                        String layer = p.outputToLayer().get(e.getKey());
                        if (layer != null) {
                            fromOv.put(layer, e.getValue().toFloatArray());
                        }
                    }
                    assertEquals(2 * LAYERS, openvino.add(b, fromOv));
                }
            }
            List<LayerDivergence.LayerSqnr> layers = reference.layers();
            assertEquals(List.of("conv0", "clamp0", "conv1", "clamp1", "conv2", "clamp2", "conv3", "clamp3", "conv4",
                    "clamp4"), layers.stream().map(LayerDivergence.LayerSqnr::layer).toList());
            // Before the coarse grid: only the 256-level FakeQuantizes (step 12/255): well above 30 dB.
            for (int i = 0; i < 6; i++) {
                assertTrue(layers.get(i).sqnrDb() > 30 || i == 0, layers.get(i).toString());
            }
            assertEquals(Double.POSITIVE_INFINITY, layers.get(0).sqnrDb()); // conv0 sees the raw input
            // 4 levels over [-6, 6] (step 4) on values of a few units: about 14 dB
            assertTrue(layers.get(6).sqnrDb() < THRESHOLD_DB - 4, layers.get(6).toString());
            assertEquals("conv3", reference.firstBelow(THRESHOLD_DB).orElseThrow().layer());
            assertEquals("Convolution", reference.firstBelow(THRESHOLD_DB).orElseThrow().type());
            assertEquals("conv3", openvino.firstBelow(THRESHOLD_DB).orElseThrow().layer());
            // OpenVINO's f32 kernels follow the reference closely layer by layer
            for (int i = 0; i < layers.size(); i++) {
                double r = layers.get(i).sqnrDb();
                double o = openvino.layers().get(i).sqnrDb();
                assertTrue(Double.isInfinite(r) ? o > 80 : Math.abs(r - o) < 1.0, layers.get(i) + " vs " + o);
            }
            assertTrue(reference.firstBelow(-1000).isEmpty());
        }
    }

    private static Map<String, float[]> floats(Map<String, Tensor> tensors) {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    private static Tensor input(int seed) {
        Random rnd = new Random(100 + seed);
        float[] v = new float[4 * 8 * 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * 2);
        }
        return Tensor.ofFloats(new Shape(new long[] {1, 4, 8, 8}), v);
    }

    static IrModel chain(boolean quantized) {
        var g = new GraphBuilder(quantized ? "chain-int8" : "chain-fp32");
        var x = g.withNames(g.parameter("x", ElementType.F32, 1, 4, 8, 8), "x");
        Random rnd = new Random(7);
        long[] one = {1, 1};
        long[] zero = {0, 0};
        var y = x;
        for (int i = 0; i < LAYERS; i++) {
            float[] w = new float[16];
            for (int j = 0; j < w.length; j++) {
                w[j] = (float) (rnd.nextGaussian() * 0.8);
            }
            var filter = g.constant("w" + i, ElementType.F32, new long[] {4, 4, 1, 1}, w);
            y = g.convolution("conv" + i, y, filter, one, zero, zero, one);
            y = g.clamp("clamp" + i, y, -6, 6);
            if (quantized) {
                var lo = g.constant("lo" + i, ElementType.F32, new long[] {}, new float[] {-6});
                var hi = g.constant("hi" + i, ElementType.F32, new long[] {}, new float[] {6});
                y = g.fakeQuantize("fq" + i, y, lo, hi, lo, hi, i == COARSE_AT ? 4 : 256);
            }
        }
        g.result("out", g.withNames(y, "y"));
        return g.build();
    }
}
