package dev.panamaedge.models.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.mobilenet.MobileNetV2;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IrRoundTripTest {
    @TempDir
    Path dir;

    static void assertSameModel(IrModel expected, IrModel actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.layers(), actual.layers());
        assertEquals(expected.edges(), actual.edges());
        assertEquals(expected.runtimeInfo(), actual.runtimeInfo());
        assertEquals(expected.weights().byteSize(), actual.weights().byteSize());
        assertEquals(-1, expected.weights().mismatch(actual.weights()), "weights differ");
    }

    @Test
    void builtModelSurvivesWriteAndRead() throws IOException {
        GraphBuilder g = new GraphBuilder("names & <specials>");
        var x = g.parameter("input", ElementType.F32, 1, 3, 4, 4);
        var w = g.constant("w", ElementType.F16, new long[] {2, 3, 1, 1}, new float[] {1, 2, 3, 4, 5, 6});
        var c = g.convolution("conv \"1\"", g.convert("to_f16", x, ElementType.F16), w, new long[] {1, 1},
                new long[] {0, 0}, new long[] {0, 0}, new long[] {1, 1});
        var q = g.constant("q", ElementType.I8, new long[] {2}, new byte[] {-1, 7});
        g.result("out", g.withNames(g.clamp("relu", c, -0.25, 6), "a,b", "c\\d", "logits"));
        g.result("q_out", q);
        g.runtimeInfo("panama_edge/seed", "42").runtimeInfo("with space", "x\ty").runtimeInfo("top", "1")
                .runtimeInfo("top/nested", "2");
        IrModel built = g.build();
        Path xml = dir.resolve("model.xml");
        IrWriter.write(built, xml);
        try (IrModel read = IrReader.read(xml)) {
            assertSameModel(built, read);
            assertEquals(List.of("a,b", "c\\d", "logits"), read.layers().get(5).output(0).names());
        }
    }

    @Test
    void generatedMobileNetSurvivesWriteAndRead() throws IOException {
        IrModel built = MobileNetV2.build(new MobileNetV2Spec(0.35, 96, 10), 7);
        Path xml = dir.resolve("mnv2.xml");
        IrWriter.write(built, xml);
        assertTrue(Files.isRegularFile(dir.resolve("mnv2.bin")));
        try (IrModel read = IrReader.read(xml)) {
            assertSameModel(built, read);
        }
    }

    @Test
    void writtenXmlLooksLikeOpenVinosOwn() throws IOException {
        IrModel built = MobileNetV2.build(new MobileNetV2Spec(0.35, 96, 10), 7);
        Path xml = dir.resolve("model.xml");
        IrWriter.write(built, xml);
        String text = Files.readString(xml);
        assertTrue(text.startsWith("<?xml version=\"1.0\"?>\n<net name=\"mobilenet_v2_0.35_96_10_s7\" version=\"11\">"));
        assertTrue(text.contains("""
                		<layer id="0" name="input" type="Parameter" version="opset1">
                			<data shape="1,3,96,96" element_type="f32" />
                			<output>
                				<port id="0" precision="FP32" names="input">
                					<dim>1</dim>
                """), text.substring(0, 600));
        assertEquals(Files.size(dir.resolve("model.bin")), built.weights().byteSize());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("model.bin", "model.xml"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left behind");
        }
    }

    @Test
    void rewritingAReadModelOverItsOwnFilesKeepsItReadable() throws IOException {
        Path xml = TinyIr.write(dir, TinyIr.XML, TinyIr.bin());
        try (IrModel first = IrReader.read(xml)) {
            IrWriter.write(first, xml);
            // The old mapping stays valid: the rename replaced the directory entry, not the mapped file.
            assertEquals(8, first.constantData(first.layer(1)).byteSize());
            try (IrModel second = IrReader.read(xml)) {
                assertSameModel(first, second);
                assertEquals(Map.of("Runtime_version", "test", "conversion_parameters/framework", "none",
                        "key with space", "v & w"), second.runtimeInfo());
            }
        }
    }
}
