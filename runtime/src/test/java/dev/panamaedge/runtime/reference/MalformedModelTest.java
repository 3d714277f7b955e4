package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.Port;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Broken IR fails at load with an exception that names the layer and what is wrong, never deep in a run. */
final class MalformedModelTest {

    @Test
    void attributeOfTheWrongLengthNamesTheLayer() {
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 1, 1, 4, 4);
        int w = g.constant(ElementType.F32, dims(1, 1, 1, 1), 1);
        g.result("out", g.op("Convolution", "conv1", ElementType.F32, attrs("strides", "2", "dilations", "1, 1",
                "pads_begin", "0, 0", "pads_end", "0, 0"), dims(1, 1, 2, 2), x, w));
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(g.build()));
        assertEquals("layer 'conv1' (Convolution): strides [2] needs 2 values", e.getMessage());
    }

    @Test
    void unparsableAttributeNamesKeyAndValue() {
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 4);
        g.result("out", g.op("Clamp", "relu6", ElementType.F32, attrs("min", "zero", "max", "6"), dims(4), x));
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(g.build()));
        assertEquals("layer 'relu6' (Clamp): attribute min='zero' is not a number", e.getMessage());
    }

    @Test
    void unknownConstElementTypeNamesTheLayer() {
        Layer c = new Layer(0, "w", "Const", "opset1", Map.of("element_type", "f99", "shape", "1", "offset", "0",
                "size", "4"), List.of(), List.of(new Port(0, ElementType.F32, 1)));
        Layer r = new Layer(1, "out", "Result", "opset1", Map.of(), List.of(new Port(0, ElementType.F32, 1)),
                List.of());
        IrModel m = new IrModel("bad", List.of(c, r), List.of(new Edge(0, 0, 1, 0)), MemorySegment.ofArray(new byte[4]),
                Map.of(), Optional.empty());
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(m));
        assertTrue(e.getMessage().startsWith("layer 'w' (Const): unknown element type 'f99'"), e.getMessage());
    }

    @Test
    void wrongInputCountNamesTheLayer() {
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 4);
        g.result("out", g.op("Add", "lonely_add", ElementType.F32, attrs(), dims(4), x));
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(g.build()));
        assertEquals("layer 'lonely_add' (Add) has 1 inputs, expected 2", e.getMessage());
    }

    @Test
    void runTimeShapeInputsAreUnsupported() {
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 6);
        int target = g.parameter("target", ElementType.I64, 2);
        g.result("out", g.op("Reshape", "dynamic_reshape", ElementType.F32, attrs("special_zero", "false"),
                dims(2, 3), x, target));
        var e = assertThrows(UnsupportedOpException.class, () -> ReferenceEngine.load(g.build()));
        assertEquals("dynamic_reshape", e.layerName());
        assertTrue(e.getMessage().contains("static shapes"), e.getMessage());
    }

    @Test
    void multiOutputFormOfAnOpIsUnsupported() {
        Port in = new Port(0, ElementType.F32, 1, 1, 4, 4);
        Layer p = new Layer(0, "x", "Parameter", "opset1", Map.of("shape", "1,1,4,4", "element_type", "f32"),
                List.of(), List.of(new Port(0, ElementType.F32, new long[] {1, 1, 4, 4}, List.of("x"))));
        Layer pool = new Layer(1, "pool8", "MaxPool", "opset8", Map.of("kernel", "2,2", "strides", "2,2"), List.of(in),
                List.of(new Port(1, ElementType.F32, 1, 1, 2, 2), new Port(2, ElementType.I64, 1, 1, 2, 2)));
        IrModel m = new IrModel("pool", List.of(p, pool), List.of(new Edge(0, 0, 1, 0)),
                MemorySegment.ofArray(new byte[0]), Map.of(), Optional.empty());
        var e = assertThrows(UnsupportedOpException.class, () -> ReferenceEngine.load(m));
        assertEquals("MaxPool", e.opType());
        assertTrue(e.getMessage().contains("MaxPool-opset8 with 2 outputs"), e.getMessage());
    }
}
