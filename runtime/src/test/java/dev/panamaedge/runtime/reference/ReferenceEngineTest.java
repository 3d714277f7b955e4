package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Engine behaviour: load-time validation, input checks, outputs, lifecycle and concurrency. */
final class ReferenceEngineTest {

    /** x u8 [1, 4] → Convert f32 → Multiply by a folded constant (u8 → Convert → Subtract) → FQ → Convert u8. */
    private static IrModel quantizedChain() {
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.U8, 1, 4);
        int xf = g.op("Convert", "to_f32", ElementType.F32, attrs("destination_type", "f32"), dims(1, 4), x);
        int wq = g.constant(ElementType.U8, dims(1, 4), 130, 128, 126, 255);
        int wf = g.op("Convert", "w_f32", ElementType.F32, attrs("destination_type", "f32"), dims(1, 4), wq);
        int w = g.op("Subtract", "w_zero_point", ElementType.F32, attrs(), dims(1, 4), wf,
                g.constant(ElementType.F32, dims(1, 1), 128));
        int prod = g.op("Multiply", "scale", ElementType.F32, attrs(), dims(1, 4), xf, w);
        long[] one = dims(1, 1);
        int fq = g.op("FakeQuantize", "fq", ElementType.F32, attrs("levels", "256"), dims(1, 4), prod,
                g.constant(ElementType.F32, one, 0), g.constant(ElementType.F32, one, 255),
                g.constant(ElementType.F32, one, 0), g.constant(ElementType.F32, one, 255));
        int out = g.op("Convert", "to_u8", ElementType.U8, attrs("destination_type", "u8"), dims(1, 4), fq);
        g.result("probabilities", out);
        return g.build();
    }

    private static Tensor u8(byte... v) {
        return Tensor.ofBytes(ElementType.U8, Shape.of(1, v.length), v);
    }

    @Test
    void specsComeFromParameterAndResultTensors() {
        try (ReferenceEngine e = ReferenceEngine.load(quantizedChain())) {
            assertEquals("reference", e.name());
            assertEquals(List.of(new TensorSpec("x", ElementType.U8, new long[] {1, 4})), e.inputs());
            assertEquals(List.of(new TensorSpec("probabilities", ElementType.U8, new long[] {1, 4})), e.outputs());
        }
    }

    @Test
    void runReturnsTheModelsOutputTypeWithFoldedWeights() {
        try (ReferenceEngine e = ReferenceEngine.load(quantizedChain())) {
            // weights after folding: 2, 0, -2, 127; products 20, 0, -60 (clipped to 0), 127*3 = 381 (clipped to 255)
            Tensor out = e.run(Map.of("x", u8((byte) 10, (byte) 99, (byte) 30, (byte) 3))).get("probabilities");
            assertEquals(ElementType.U8, out.type());
            assertEquals(Shape.of(1, 4), out.shape());
            assertArrayEquals(new float[] {20, 0, 0, 255}, out.toFloatArray());
        }
    }

    @Test
    void runAllLayersListsEveryComputedLayerButNotFoldedOnes() {
        try (ReferenceEngine e = ReferenceEngine.load(quantizedChain())) {
            Map<String, Tensor> all = e.runAllLayers(Map.of("x", u8((byte) 10, (byte) 99, (byte) 30, (byte) 3)));
            assertEquals(List.of("x", "to_f32", "scale", "fq", "to_u8"), List.copyOf(all.keySet()));
            assertArrayEquals(new float[] {10, 99, 30, 3}, all.get("x").toFloatArray());
            assertArrayEquals(new float[] {20, 0, -60, 381}, all.get("scale").toFloatArray());
            assertEquals(ElementType.F32, all.get("fq").type());
            assertArrayEquals(new float[] {20, 0, 0, 255}, all.get("to_u8").toFloatArray());
        }
    }

    @Test
    void unknownOpFailsAtLoadNamingTypeAndLayer() {
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 4);
        g.result("out", g.op("Erf", "mystery_layer", ElementType.F32, attrs(), dims(4), x));
        var e = assertThrows(UnsupportedOpException.class, () -> ReferenceEngine.load(g.build()));
        assertEquals("Erf", e.opType());
        assertEquals("mystery_layer", e.layerName());
        assertTrue(e.getMessage().startsWith("unsupported op Erf in layer 'mystery_layer'"), e.getMessage());
    }

    @Test
    void unknownOpIsReportedEvenBehindAnInvalidLayer() {
        // The type check runs over every layer before any op is bound.
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 4);
        int bad = g.op("Add", "bad_add", ElementType.F32, attrs(), dims(4), x, g.longs(1, 2));
        g.result("out", g.op("Gelu", "late_gelu", ElementType.F32, attrs(), dims(4), bad));
        var e = assertThrows(UnsupportedOpException.class, () -> ReferenceEngine.load(g.build()));
        assertEquals("late_gelu", e.layerName());
    }

    @Test
    void wrongInputShapeNamesInputExpectedAndActual() {
        try (ReferenceEngine e = ReferenceEngine.load(quantizedChain())) {
            var ex = assertThrows(IllegalArgumentException.class,
                    () -> e.run(Map.of("x", Tensor.ofBytes(ElementType.U8, Shape.of(4), new byte[4]))));
            assertEquals("input 'x': expected shape [1, 4], got [4]", ex.getMessage());
        }
    }

    @Test
    void wrongInputTypeNamesInputExpectedAndActual() {
        try (ReferenceEngine e = ReferenceEngine.load(quantizedChain())) {
            var ex = assertThrows(IllegalArgumentException.class,
                    () -> e.run(Map.of("x", Tensor.ofFloats(Shape.of(1, 4), 1, 2, 3, 4))));
            assertEquals("input 'x': expected element type u8, got f32", ex.getMessage());
        }
    }

    @Test
    void missingAndUnknownInputsAreNamed() {
        TinyGraph g = new TinyGraph();
        int a = g.parameter("a", ElementType.F32, 2);
        int b = g.parameter("b", ElementType.F32, 2);
        g.result("sum", g.op("Add", attrs(), dims(2), a, b));
        try (ReferenceEngine e = ReferenceEngine.load(g.build())) {
            Tensor t = Tensor.ofFloats(Shape.of(2), 1, 2);
            var missing = assertThrows(IllegalArgumentException.class, () -> e.run(Map.of("a", t)));
            assertTrue(missing.getMessage().startsWith("missing input 'b'"), missing.getMessage());
            var unknown = assertThrows(IllegalArgumentException.class, () -> e.run(Map.of("a", t, "b", t, "c", t)));
            assertTrue(unknown.getMessage().startsWith("unknown input 'c'"), unknown.getMessage());
            assertArrayEquals(new float[] {2, 4}, e.run(Map.of("a", t, "b", t)).get("sum").toFloatArray());
        }
    }

    @Test
    void singleInputModelAcceptsAnyKey() {
        try (ReferenceEngine e = ReferenceEngine.load(quantizedChain())) {
            Tensor out = e.run(Map.of("whatever", u8((byte) 1, (byte) 1, (byte) 1, (byte) 1))).get("probabilities");
            assertArrayEquals(new float[] {2, 0, 0, 127}, out.toFloatArray());
        }
    }

    @Test
    void runAfterCloseIsRejectedAndCloseIsIdempotent() {
        ReferenceEngine e = ReferenceEngine.load(quantizedChain());
        e.close();
        e.close();
        var ex = assertThrows(IllegalStateException.class, () -> e.run(Map.of("x", u8(new byte[4]))));
        assertTrue(ex.getMessage().contains("closed"), ex.getMessage());
        assertThrows(IllegalStateException.class, () -> e.runAllLayers(Map.of("x", u8(new byte[4]))));
    }

    @Test
    void engineOutlivesTheModelItWasLoadedFrom() {
        IrModel model = quantizedChain();
        try (ReferenceEngine e = ReferenceEngine.load(model)) {
            model.close();
            assertArrayEquals(new float[] {2, 0, 0, 127},
                    e.run(Map.of("x", u8((byte) 1, (byte) 1, (byte) 1, (byte) 1))).get("probabilities").toFloatArray());
        }
    }

    @Test
    void declaredShapeDisagreeingWithInferenceFailsLoad() {
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 1, 6);
        g.result("out", g.op("Reshape", "flatten", ElementType.F32, attrs("special_zero", "false"), dims(3, 3), x,
                g.longs(2, 3)));
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(g.build()));
        assertEquals("layer 'flatten' (Reshape): IR declares output [3, 3] but its inputs give [2, 3]", e.getMessage());
    }

    @Test
    void dynamicParameterIsUnsupported() {
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, -1, 4);
        g.result("out", x);
        var e = assertThrows(UnsupportedOpException.class, () -> ReferenceEngine.load(g.build()));
        assertTrue(e.getMessage().contains("dynamic shape [-1, 4]"), e.getMessage());
    }

    @Test
    void cyclesAndDanglingPortsAreInvalid() {
        Port in = new Port(0, ElementType.F32, 2);
        Port out = new Port(1, ElementType.F32, 2);
        Layer a = new Layer(0, "a", "Relu", "opset1", Map.of(), List.of(in), List.of(out));
        Layer b = new Layer(1, "b", "Relu", "opset1", Map.of(), List.of(in), List.of(out));
        IrModel cyclic = new IrModel("cyclic", List.of(a, b), List.of(new Edge(0, 1, 1, 0), new Edge(1, 1, 0, 0)),
                MemorySegment.ofArray(new byte[0]), Map.of(), Optional.empty());
        assertTrue(assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(cyclic)).getMessage()
                .contains("cycle"));
        IrModel dangling = new IrModel("dangling", List.of(a), List.of(), MemorySegment.ofArray(new byte[0]), Map.of(),
                Optional.empty());
        assertEquals("layer 'a' (Relu): input port 0 has no incoming edge",
                assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(dangling)).getMessage());
    }

    @Test
    void constSliceOutsideTheWeightsIsInvalid() {
        Layer c = new Layer(0, "w", "Const", "opset1", Map.of("element_type", "f32", "shape", "4", "offset", "0",
                "size", "16"), List.of(), List.of(new Port(0, ElementType.F32, 4)));
        Layer r = new Layer(1, "out", "Result", "opset1", Map.of(), List.of(new Port(0, ElementType.F32, 4)), List.of());
        IrModel m = new IrModel("short", List.of(c, r), List.of(new Edge(0, 0, 1, 0)), MemorySegment.ofArray(new byte[8]),
                Map.of(), Optional.empty());
        var e = assertThrows(InvalidModelException.class, () -> ReferenceEngine.load(m));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void outputsMayComeStraightFromAParameterOrAConstant() {
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 2);
        g.result("echo", x);
        g.result("again", x); // a second Result on the same tensor falls back to its layer name
        g.result("bias", g.op("Add", attrs(), dims(2), g.constant(ElementType.F32, dims(2), 1, 2),
                g.constant(ElementType.F32, dims(2), 10, 20)));
        try (ReferenceEngine e = ReferenceEngine.load(g.build())) {
            Map<String, Tensor> out = e.run(Map.of("x", Tensor.ofFloats(Shape.of(2), 5, 6)));
            // The echo output is named after the tensor it returns ("x"); the Add's port has no name.
            assertEquals(List.of("x", "again", "bias"), List.copyOf(out.keySet()));
            assertArrayEquals(new float[] {5, 6}, out.get("x").toFloatArray());
            assertArrayEquals(new float[] {11, 22}, out.get("bias").toFloatArray());
        }
    }

    @Test
    void concurrentRunsGiveIdenticalResults() throws Exception {
        // A conv net big enough that every run splits kernels across the pool while four callers overlap.
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 1, 8, 24, 24);
        float[] w = new float[16 * 8 * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i);
        }
        int conv = g.op("Convolution", attrs("strides", "1,1", "dilations", "1,1", "pads_begin", "1,1", "pads_end",
                "1,1"), dims(1, 16, 24, 24), x, g.constant(ElementType.F32, dims(16, 8, 3, 3), w));
        int clamp = g.op("Clamp", attrs("min", "0", "max", "6"), dims(1, 16, 24, 24), conv);
        g.result("y", g.op("ReduceMean", attrs("keep_dims", "false"), dims(1, 16), clamp, g.longs(2, 3)));
        float[][] inputs = new float[4][8 * 24 * 24];
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < inputs[t].length; i++) {
                inputs[t][i] = (float) Math.cos(i * (t + 1) * 0.01);
            }
        }
        try (ReferenceEngine e = ReferenceEngine.load(g.build(), new ReferenceOptions(2))) {
            float[][] expected = new float[4][];
            for (int t = 0; t < 4; t++) {
                expected[t] = e.run(Map.of("x", Tensor.ofFloats(Shape.of(1, 8, 24, 24), inputs[t]))).get("y")
                        .toFloatArray();
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int id = t;
                    results.add(pool.submit(() -> {
                        for (int run = 0; run < 5; run++) {
                            float[] got = e.run(Map.of("x", Tensor.ofFloats(Shape.of(1, 8, 24, 24), inputs[id])))
                                    .get("y").toFloatArray();
                            if (!java.util.Arrays.equals(got, expected[id])) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertTrue(f.get(), "a concurrent run differed from the sequential one");
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(expected[0][0] != expected[1][0], "inputs differ, so outputs must");
        }
    }
}
