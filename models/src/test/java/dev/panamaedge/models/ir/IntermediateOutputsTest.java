package dev.panamaedge.models.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class IntermediateOutputsTest {

    private static IrModel model() {
        var g = new GraphBuilder("probe-me");
        var x = g.withNames(g.parameter("x", ElementType.F32, 1, 2, 4, 4), "x");
        var w = g.constant("w", ElementType.F32, new long[] {3, 2, 1, 1}, new float[6]);
        var conv = g.convolution("conv", x, w, new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0},
                new long[] {1, 1});
        var relu = g.clamp("relu", conv, 0, 6);
        g.result("out", g.withNames(relu, "y"));
        return g.build();
    }

    @Test
    void addsOneResultPerLayerAndNamesTheTensors(@TempDir Path tmp) throws Exception {
        IrModel source = model();
        IntermediateOutputs.Probed p = IntermediateOutputs.withResults(source, List.of("conv", "relu"));
        IrModel probed = p.model();
        assertEquals(3, probed.results().size());
        assertEquals(source.layers().size() + 2, probed.layers().size());
        // conv had no tensor name: it gets probe:conv; relu already feeds the model output "y" and keeps it
        assertEquals(Map.of("probe:conv", "conv", "y", "relu"), p.outputToLayer());
        Layer conv = probed.layers().stream().filter(l -> l.name().equals("conv")).findFirst().orElseThrow();
        assertEquals(List.of("probe:conv"), conv.outputs().getFirst().names());
        Layer probe = probed.layers().stream().filter(l -> l.name().equals("probe_result:conv")).findFirst()
                .orElseThrow();
        assertArrayEquals(new long[] {1, 3, 4, 4}, probe.inputs().getFirst().dims());
        assertTrue(probed.edges().contains(new Edge(conv.id(), conv.outputs().getFirst().id(), probe.id(), 0)));
        // the copy writes and reads back as a valid IR with all three outputs
        IrWriter.write(probed, tmp.resolve("model.xml"));
        try (IrModel back = IrReader.read(tmp.resolve("model.xml"))) {
            assertEquals(3, back.results().size());
        }
    }

    @Test
    void unknownLayerAndConstantAreRejected() {
        IrModel source = model();
        var unknown = assertThrows(InvalidModelException.class,
                () -> IntermediateOutputs.withResults(source, List.of("nope")));
        assertEquals("no layer named 'nope' to expose", unknown.getMessage());
        var constant = assertThrows(InvalidModelException.class,
                () -> IntermediateOutputs.withResults(source, List.of("w")));
        assertEquals("layer 'w' (Const) has no computed output to expose", constant.getMessage());
    }
}
