package dev.panamaedge.models.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.mobilenet.MobileNetV2;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchReshapesTest {
    @TempDir
    Path dir;

    /** The target values of the Const feeding {@code layer}'s second input. */
    private static long[] target(IrModel model, String layer) {
        Layer reshape = model.layers().stream().filter(l -> l.name().equals(layer)).findFirst().orElseThrow();
        Edge e = model.edges().stream().filter(x -> x.toLayer() == reshape.id() && x.toPort() == reshape.input(1).id())
                .findFirst().orElseThrow();
        Layer c = model.layer(e.fromLayer());
        return ConstantBytes.toIntegers(c.output(0).type(), model.constantData(c));
    }

    private Path write(IrModel model) throws Exception {
        Path xml = dir.resolve("m.xml");
        IrWriter.write(model, xml);
        return xml;
    }

    @Test
    void batchOneReshapeTargetInfersTheBatchAfterRewrite() throws Exception {
        GraphBuilder g = new GraphBuilder("flatten");
        var x = g.parameter("x", ElementType.F32, 1, 4, 1, 1);
        var flat = g.reshape("flat", x, new long[] {1, 4}, false);
        g.result("out", flat);
        Path xml = write(g.build());
        byte[] xmlBefore = Files.readAllBytes(xml);

        BatchReshapes.Result r = BatchReshapes.rewrite(xml);

        assertEquals(List.of("flat"), r.rewritten());
        assertEquals(List.of(), r.blocking());
        assertArrayEquals(xmlBefore, Files.readAllBytes(xml), "the XML stays as written");
        try (IrModel back = IrReader.read(xml)) {
            assertArrayEquals(new long[] {-1, 4}, target(back, "flat"));
        }
        assertEquals(List.of(), BatchReshapes.rewrite(xml).rewritten(), "a second rewrite finds nothing to do");
    }

    @Test
    void targetsWithAnInferredDimOrOnWeightsAreLeftAlone() throws Exception {
        GraphBuilder g = new GraphBuilder("kept");
        var x = g.parameter("x", ElementType.F32, 1, 2, 2, 1);
        var inferred = g.reshape("inferred", x, new long[] {1, -1}, false);
        var w = g.constant("w", ElementType.F32, new long[] {1, 4}, new float[] {1, 2, 3, 4});
        var wFlat = g.reshape("weights", w, new long[] {1, 4}, false);
        g.result("out", g.add("sum", inferred, wFlat));
        Path xml = write(g.build());

        BatchReshapes.Result r = BatchReshapes.rewrite(xml);

        assertEquals(List.of(), r.rewritten());
        try (IrModel back = IrReader.read(xml)) {
            assertArrayEquals(new long[] {1, -1}, target(back, "inferred"));
            assertArrayEquals(new long[] {1, 4}, target(back, "weights"));
        }
    }

    @Test
    void squeezeOfTheBatchAxisIsReportedAsBlocking() throws Exception {
        GraphBuilder g = new GraphBuilder("squeeze");
        var x = g.parameter("x", ElementType.F32, 1, 3, 1, 1);
        g.result("out", g.squeeze("sq", x, new long[] {0, 2, 3}));
        BatchReshapes.Result r = BatchReshapes.rewrite(write(g.build()));
        assertEquals(List.of("sq"), r.blocking());
        assertEquals(List.of(), r.rewritten());
    }

    @Test
    void generatedMobileNetFlattenInfersItsBatch() throws Exception {
        try (IrModel m = MobileNetV2.build(new MobileNetV2Spec(0.35, 32, 10), 3)) {
            assertArrayEquals(new long[] {-1, 1280}, target(m, "flatten"));
            Path xml = write(m);
            assertTrue(BatchReshapes.rewrite(xml).rewritten().isEmpty(), "nothing pins the batch");
        }
    }
}
