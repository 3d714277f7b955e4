package dev.panamaedge.models.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IrReaderTest {
    @TempDir
    Path dir;

    private InvalidModelException rejects(String xml) throws IOException {
        return rejects(xml, TinyIr.bin());
    }

    private InvalidModelException rejects(String xml, byte[] bin) throws IOException {
        Path file = TinyIr.write(dir, xml, bin);
        var e = assertThrows(InvalidModelException.class, () -> IrReader.read(file).close());
        assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        return e;
    }

    @Test
    void readsLayersPortsEdgesWeightsAndRuntimeInfo() throws IOException {
        try (IrModel m = IrReader.read(TinyIr.write(dir, TinyIr.XML, TinyIr.bin()))) {
            assertEquals("tiny", m.name());
            assertEquals(List.of("Parameter", "Const", "Add", "Result"), m.layers().stream().map(Layer::type).toList());
            Layer add = m.layer(2);
            assertEquals(Map.of("auto_broadcast", "numpy"), add.attributes());
            assertEquals(List.of("sum,total", "out"), add.output(0).names());
            assertEquals(ElementType.F32, add.input(1).type());
            assertArrayEquals(new long[] {1, 2}, add.output(0).dims());
            assertEquals(List.of(new Edge(0, 0, 2, 0), new Edge(1, 0, 2, 1), new Edge(2, 2, 3, 0)), m.edges());
            assertEquals(Map.of("Runtime_version", "test", "conversion_parameters/framework", "none",
                    "key with space", "v & w"), m.runtimeInfo());
            var bias = m.constantData(m.layer(1));
            var f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1.5f, bias.getAtIndex(f32, 0));
            assertEquals(-2f, bias.getAtIndex(f32, 1));
        }
    }

    @Test
    void closedModelNoLongerHandsOutWeights() throws IOException {
        IrModel m = IrReader.read(TinyIr.write(dir, TinyIr.XML, TinyIr.bin()));
        m.close();
        m.close();
        var e = assertThrows(IllegalStateException.class, () -> m.constantData(m.layer(1)));
        assertEquals("IrModel 'tiny' is closed", e.getMessage());
        assertEquals(4, m.layers().size());
    }

    @Test
    void malformedXmlNamesTheLine() throws IOException {
        var e = rejects(TinyIr.XML.replace("</layers>", "</layer>"));
        assertTrue(e.getMessage().contains("line 40: malformed xml: The element type \"layers\" must be terminated by the matching end-tag \"</layers>\""), e.getMessage());
    }

    @Test
    void doctypesAreRefusedSoEntitiesCannotReachFiles() throws IOException {
        String xxe = TinyIr.XML.replace("<?xml version=\"1.0\"?>\n", """
                <?xml version="1.0"?>
                <!DOCTYPE net [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                """).replace("name=\"tiny\"", "name=\"&secret;\"");
        var e = rejects(xxe);
        assertTrue(e.getMessage().endsWith("line 2: DTDs are not allowed in IR xml"), e.getMessage());
    }

    @Test
    void unknownElementTypeIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("element_type=\"f32\" shape=\"1, 2\"", "element_type=\"f33\" shape=\"1, 2\""));
        assertTrue(e.getMessage().contains("layer 1 'bias' (Const): attribute element_type: unknown element type 'f33'"),
                e.getMessage());
    }

    @Test
    void unknownPortPrecisionIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("<port id=\"0\" precision=\"FP32\" names=\"input\">",
                "<port id=\"0\" precision=\"FP33\" names=\"input\">"));
        assertTrue(e.getMessage().contains("layer 0 'input' (Parameter) port 0: precision: unknown element type 'FP33'"),
                e.getMessage());
    }

    @Test
    void edgeFromMissingLayerIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("<edge from-layer=\"1\" from-port=\"0\"", "<edge from-layer=\"9\" from-port=\"0\""));
        assertTrue(e.getMessage().endsWith("edge 9:0 -> 2:1: no layer with id 9"), e.getMessage());
    }

    @Test
    void edgeToMissingPortIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("to-layer=\"2\" to-port=\"1\"", "to-layer=\"2\" to-port=\"7\""));
        assertTrue(e.getMessage().endsWith("edge 1:0 -> 2:7: layer 'add' (Add) has no input port 7"), e.getMessage());
    }

    @Test
    void edgeFromAnInputPortIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("from-layer=\"2\" from-port=\"2\"", "from-layer=\"2\" from-port=\"0\""));
        assertTrue(e.getMessage().endsWith("edge 2:0 -> 3:0: layer 'add' (Add) has no output port 0"), e.getMessage());
    }

    @Test
    void duplicateLayerIdsAreRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("<layer id=\"3\" name=\"out\"", "<layer id=\"2\" name=\"out\""));
        assertTrue(e.getMessage().contains("duplicate layer id 2 ('out')"), e.getMessage());
    }

    @Test
    void duplicatePortIdsAreRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("<port id=\"2\" precision=\"FP32\" names=", "<port id=\"1\" precision=\"FP32\" names="));
        assertTrue(e.getMessage().contains("layer 2 'add' (Add) port 1: duplicate port id"), e.getMessage());
    }

    @Test
    void unconnectedInputIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("\t\t<edge from-layer=\"1\" from-port=\"0\" to-layer=\"2\" to-port=\"1\" />\n", ""));
        assertTrue(e.getMessage().endsWith("layer 2 'add' (Add): input port 1 has no incoming edge"), e.getMessage());
    }

    @Test
    void cyclesAreRejected() throws IOException {
        // Feed the Add from its own output instead of the Parameter.
        var e = rejects(TinyIr.XML.replace("<edge from-layer=\"0\" from-port=\"0\" to-layer=\"2\" to-port=\"0\" />",
                "<edge from-layer=\"2\" from-port=\"2\" to-layer=\"2\" to-port=\"0\" />"));
        assertTrue(e.getMessage().endsWith("the graph has a cycle through layer 2 'add' (Add)"), e.getMessage());
    }

    @Test
    void mismatchedShapesAcrossAnEdgeAreRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("<port id=\"1\" precision=\"FP32\"><dim>1</dim><dim>2</dim>",
                "<port id=\"1\" precision=\"FP32\"><dim>1</dim><dim>3</dim>"));
        assertTrue(e.getMessage().endsWith("output 'bias' has shape [1, 2] but input of 'add' expects [1, 3]"),
                e.getMessage());
    }

    @Test
    void constantSizeMustMatchTypeAndShape() throws IOException {
        var e = rejects(TinyIr.XML.replace("offset=\"0\" size=\"8\"", "offset=\"0\" size=\"6\""));
        assertTrue(e.getMessage().endsWith("layer 1 'bias' (Const): size 6 bytes does not match f32 x [1, 2] = 8 bytes"),
                e.getMessage());
    }

    @Test
    void constantOutsideTheBinIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("offset=\"0\" size=\"8\"", "offset=\"4\" size=\"8\""));
        assertTrue(e.getMessage().contains("layer 1 'bias' (Const): bytes [4, 12) lie outside the 8-byte weights file"
                + " model.bin"), e.getMessage());
    }

    @Test
    void truncatedBinIsRejected() throws IOException {
        var e = rejects(TinyIr.XML, new byte[5]);
        assertTrue(e.getMessage().endsWith("bytes [0, 8) lie outside the 5-byte weights file model.bin"
                + " (truncated or wrong .bin?)"), e.getMessage());
    }

    @Test
    void missingBinIsRejected() throws IOException {
        var e = rejects(TinyIr.XML, null);
        assertTrue(e.getMessage().endsWith("weights file " + dir.resolve("model.bin") + " is missing"), e.getMessage());
    }

    @Test
    void modelWithoutConstantsNeedsNoBin() throws IOException {
        GraphBuilder g = new GraphBuilder("no weights");
        g.result("out", g.clamp("relu", g.parameter("input", ElementType.F32, 1, 4), 0, 6));
        Path xml = dir.resolve("model.xml");
        IrWriter.write(g.build(), xml);
        java.nio.file.Files.delete(dir.resolve("model.bin"));
        try (IrModel m = IrReader.read(xml)) {
            assertEquals(3, m.layers().size());
            assertEquals(0, m.weights().byteSize());
        }
    }

    @Test
    void unsupportedIrVersionIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("version=\"11\"", "version=\"7\""));
        assertTrue(e.getMessage().endsWith("IR version '7' is not supported (expected 10 or 11)"), e.getMessage());
    }

    @Test
    void subGraphBodiesAreRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("<data auto_broadcast=\"numpy\" />", "<data auto_broadcast=\"numpy\" /><body/>"));
        assertTrue(e.getMessage().endsWith("layer 2 'add' (Add): unknown element <body> (sub-graph ops are not supported)"),
                e.getMessage());
    }

    @Test
    void nonNumericDimensionIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("<dim>1</dim>\n\t\t\t\t\t<dim>2</dim>\n\t\t\t\t</port>\n\t\t\t</output>\n\t\t</layer>\n\t\t<layer id=\"1\"",
                "<dim>x</dim>\n\t\t\t\t\t<dim>2</dim>\n\t\t\t\t</port>\n\t\t\t</output>\n\t\t</layer>\n\t\t<layer id=\"1\""));
        assertTrue(e.getMessage().endsWith("layer 0 'input' (Parameter) port 0: dimension 'x' is not a size or -1"),
                e.getMessage());
    }

    @Test
    void missingLayerIdIsRejected() throws IOException {
        var e = rejects(TinyIr.XML.replace("<layer id=\"3\" name=\"out\"", "<layer name=\"out\""));
        assertTrue(e.getMessage().endsWith(": layer: missing attribute 'id'"), e.getMessage());
    }
}
