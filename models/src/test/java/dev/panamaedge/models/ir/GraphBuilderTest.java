package dev.panamaedge.models.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {
    private final GraphBuilder g = new GraphBuilder("test");
    private int constants;

    private GraphBuilder.Output weights(long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return g.constant("w" + constants++, ElementType.F32, dims, new float[(int) n]);
    }

    @Test
    void stridedPaddedConvolutionHalvesTheResolution() {
        var x = g.parameter("input", ElementType.F32, 1, 3, 224, 224);
        var y = g.convolution("conv", x, weights(32, 3, 3, 3), new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1},
                new long[] {1, 1});
        assertArrayEquals(new long[] {1, 32, 112, 112}, y.dims());
        Layer conv = g.build().layer(y.layerId());
        assertEquals(Map.of("strides", "2,2", "dilations", "1,1", "pads_begin", "1,1", "pads_end", "1,1",
                "auto_pad", "explicit"), conv.attributes());
        assertEquals(List.of("strides", "dilations", "pads_begin", "pads_end", "auto_pad"),
                List.copyOf(conv.attributes().keySet()));
    }

    @Test
    void dilatedUnpaddedConvolutionShrinksByTheDilatedKernel() {
        var x = g.parameter("input", ElementType.F32, 1, 4, 10, 9);
        var y = g.convolution("conv", x, weights(8, 4, 3, 3), new long[] {1, 2}, new long[] {0, 0}, new long[] {0, 0},
                new long[] {2, 1});
        assertArrayEquals(new long[] {1, 8, 6, 4}, y.dims());
    }

    @Test
    void depthwiseGroupConvolutionKeepsChannels() {
        var x = g.parameter("input", ElementType.F32, 1, 32, 112, 112);
        var y = g.groupConvolution("dw", x, weights(32, 1, 1, 3, 3), new long[] {2, 2}, new long[] {1, 1},
                new long[] {1, 1}, new long[] {1, 1});
        assertArrayEquals(new long[] {1, 32, 56, 56}, y.dims());
        assertEquals("GroupConvolution", g.build().layer(y.layerId()).type());
    }

    @Test
    void groupConvolutionRejectsWeightsForOtherChannelCounts() {
        var x = g.parameter("input", ElementType.F32, 1, 32, 8, 8);
        var w = weights(16, 1, 1, 3, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> g.groupConvolution("dw", x, w,
                new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}));
        assertEquals("dw: weights [16, 1, 1, 3, 3] do not fit input [1, 32, 8, 8] (expected [G, C_out/G, 32/G, k...])",
                e.getMessage());
    }

    @Test
    void convolutionRejectsWrongInputChannels() {
        var x = g.parameter("input", ElementType.F32, 1, 3, 8, 8);
        var w = weights(16, 4, 1, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> g.convolution("c", x, w, new long[] {1, 1},
                new long[] {0, 0}, new long[] {0, 0}, new long[] {1, 1}));
        assertTrue(e.getMessage().contains("expected [C_out, 3, k...]"), e.getMessage());
    }

    @Test
    void elementwiseOpsBroadcastLikeNumpy() {
        var a = g.parameter("a", ElementType.F32, 2, 1, 4);
        var b = g.parameter("b", ElementType.F32, 3, 1);
        assertArrayEquals(new long[] {2, 3, 4}, g.add("add", a, b).dims());
        assertArrayEquals(new long[] {2, 3, 4}, g.multiply("mul", a, b).dims());
        assertArrayEquals(new long[] {2, 3, 4}, g.subtract("sub", b, a).dims());
        var bias = weights(1, 4, 1, 1);
        var x = g.parameter("x", ElementType.F32, 1, 4, 5, 5);
        assertArrayEquals(new long[] {1, 4, 5, 5}, g.add("bias", x, bias).dims());
        var sum = g.add("bias2", x, bias);
        assertEquals("numpy", g.build().layer(sum.layerId()).requireAttribute("auto_broadcast"));
    }

    @Test
    void incompatibleShapesDoNotBroadcast() {
        var a = g.parameter("a", ElementType.F32, 2, 3);
        var b = g.parameter("b", ElementType.F32, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> g.add("add", a, b));
        assertEquals("add: shapes [2, 3] and [4] do not broadcast (numpy rules)", e.getMessage());
    }

    @Test
    void mixedElementTypesAreRejected() {
        var a = g.parameter("a", ElementType.F32, 2);
        var b = g.parameter("b", ElementType.I32, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> g.add("add", a, b));
        assertEquals("add: input types differ: f32 vs i32", e.getMessage());
    }

    @Test
    void clampKeepsShapeAndWritesIntegralBounds() {
        var x = g.parameter("x", ElementType.F32, 1, 8, 2, 2);
        var y = g.clamp("relu6", x, 0, 6);
        assertArrayEquals(x.dims(), y.dims());
        Layer l = g.build().layer(y.layerId());
        assertEquals("0", l.requireAttribute("min"));
        assertEquals("6", l.requireAttribute("max"));
        assertEquals("0.5", GraphBuilder.formatNumber(0.5));
    }

    @Test
    void reduceMeanKeepsOrDropsReducedAxes() {
        var x = g.parameter("x", ElementType.F32, 1, 1280, 7, 7);
        assertArrayEquals(new long[] {1, 1280, 1, 1}, g.reduceMean("keep", x, new long[] {2, 3}, true).dims());
        assertArrayEquals(new long[] {1, 1280}, g.reduceMean("drop", x, new long[] {-1, -2}, false).dims());
        IrModel m = g.build();
        Layer keep = m.layers().stream().filter(l -> l.name().equals("keep")).findFirst().orElseThrow();
        assertEquals("true", keep.requireAttribute("keep_dims"));
        assertEquals(2, keep.inputs().size());
        Layer axes = m.layers().stream().filter(l -> l.name().equals("keep/axes")).findFirst().orElseThrow();
        var data = m.constantData(axes);
        assertEquals(2L, data.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0));
        assertEquals(3L, data.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 1));
    }

    @Test
    void reduceMeanRejectsAxesOutOfRange() {
        var x = g.parameter("x", ElementType.F32, 1, 8);
        var e = assertThrows(IllegalArgumentException.class, () -> g.reduceMean("r", x, new long[] {2}, true));
        assertEquals("r: axis 2 out of range for rank 2", e.getMessage());
    }

    @Test
    void averagePoolingOverTheWholeMapLeavesOnePixel() {
        var x = g.parameter("x", ElementType.F32, 1, 1280, 7, 7);
        var y = g.avgPool("pool", x, new long[] {7, 7}, new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0}, true);
        assertArrayEquals(new long[] {1, 1280, 1, 1}, y.dims());
        Layer l = g.build().layer(y.layerId());
        assertEquals("7,7", l.requireAttribute("kernel"));
        assertEquals("true", l.requireAttribute("exclude-pad"));
        assertEquals("floor", l.requireAttribute("rounding_type"));
    }

    @Test
    void matMulHonoursTransposes() {
        var x = g.parameter("x", ElementType.F32, 1, 1280);
        var w = weights(1000, 1280);
        assertArrayEquals(new long[] {1, 1000}, g.matMul("fc", x, w, false, true).dims());
        var a = g.parameter("a", ElementType.F32, 5, 2, 3);
        var b = g.parameter("b", ElementType.F32, 4, 2);
        assertArrayEquals(new long[] {5, 3, 4}, g.matMul("mm", a, b, true, true).dims());
        var e = assertThrows(IllegalArgumentException.class, () -> g.matMul("bad", x, w, false, false));
        assertEquals("bad: inner dimensions differ: [1, 1280] x [1000, 1280]", e.getMessage());
    }

    @Test
    void reshapeInfersMinusOneAndCopiesSpecialZeros() {
        var x = g.parameter("x", ElementType.F32, 2, 3, 4);
        assertArrayEquals(new long[] {2, 12}, g.reshape("r1", x, new long[] {0, -1}, true).dims());
        assertArrayEquals(new long[] {6, 4}, g.reshape("r2", x, new long[] {-1, 4}, false).dims());
        var e = assertThrows(IllegalArgumentException.class, () -> g.reshape("r3", x, new long[] {5, 5}, false));
        assertEquals("r3: cannot reshape [2, 3, 4] (24 elements) to [5, 5] (25 elements)", e.getMessage());
    }

    @Test
    void squeezeDropsUnitAxesOnly() {
        var x = g.parameter("x", ElementType.F32, 1, 1280, 1, 1);
        assertArrayEquals(new long[] {1, 1280}, g.squeeze("s", x, new long[] {2, 3}).dims());
        var e = assertThrows(IllegalArgumentException.class, () -> g.squeeze("bad", x, new long[] {1}));
        assertEquals("bad: cannot squeeze axis 1 of [1, 1280, 1, 1] (size 1280)", e.getMessage());
    }

    @Test
    void softmaxIsOpset8SoftMaxAsOpenVinoSerializesIt() {
        var x = g.parameter("x", ElementType.F32, 1, 1001);
        var y = g.softmax("prob", x, -1);
        Layer l = g.build().layer(y.layerId());
        assertEquals("SoftMax", l.type());
        assertEquals("opset8", l.version());
        assertEquals("-1", l.requireAttribute("axis"));
        assertEquals(1, y.portId());
    }

    @Test
    void convertChangesOnlyTheElementType() {
        var x = g.parameter("x", ElementType.U8, 1, 224, 224, 3);
        var y = g.convert("to_f32", x, ElementType.F32);
        assertEquals(ElementType.F32, y.type());
        assertArrayEquals(x.dims(), y.dims());
        assertEquals("f32", g.build().layer(y.layerId()).requireAttribute("destination_type"));
    }

    @Test
    void fakeQuantizeAcceptsPerChannelRangesAndRejectsGrowingOnes() {
        var x = g.parameter("x", ElementType.F32, 1, 4, 2, 2);
        var perChannel = weights(1, 4, 1, 1);
        var scalar = g.constant("s", ElementType.F32, new long[0], new float[] {1});
        var y = g.fakeQuantize("fq", x, perChannel, perChannel, scalar, scalar, 256);
        assertArrayEquals(x.dims(), y.dims());
        Layer l = g.build().layer(y.layerId());
        assertEquals(Map.of("levels", "256", "auto_broadcast", "numpy"), l.attributes());
        var wide = weights(2, 4, 1, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> g.fakeQuantize("fq2", x, wide, scalar, scalar, scalar, 256));
        assertEquals("fq2: range shape [2, 4, 1, 1] would grow the data shape [1, 4, 2, 2]", e.getMessage());
    }

    @Test
    void constantsStoreLittleEndianBytesAtAlignedOffsets() {
        var a = g.constant("u8", ElementType.U8, new long[] {3}, new byte[] {1, 2, (byte) 255});
        var b = g.constant("f16", ElementType.F16, new long[] {2}, new float[] {1.5f, -2f});
        var c = g.constant("i32", ElementType.I32, new long[] {1}, new long[] {-7});
        IrModel m = g.build();
        Layer f16 = m.layer(b.layerId());
        assertEquals("8", f16.requireAttribute("offset"));
        assertEquals("4", f16.requireAttribute("size"));
        var data = m.constantData(f16);
        var half = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, Float.float16ToFloat(data.getAtIndex(half, 0)));
        assertEquals(-2f, Float.float16ToFloat(data.getAtIndex(half, 1)));
        assertEquals(-7, m.constantData(m.layer(c.layerId())).get(ValueLayout.JAVA_INT_UNALIGNED, 0));
        assertEquals((byte) 255, m.constantData(m.layer(a.layerId())).get(ValueLayout.JAVA_BYTE, 2));
        assertEquals(0, m.weights().address() % 8, "heap blob over long[] keeps 8-byte alignment");
    }

    @Test
    void constantsRejectWrongCountsAndRanges() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> g.constant("c", ElementType.F32, new long[] {2, 2}, new float[3]));
        assertEquals("c: shape [2, 2] holds 4 elements, got 3 values", e.getMessage());
        assertThrows(ArithmeticException.class,
                () -> g.constant("big", ElementType.I32, new long[] {1}, new long[] {1L << 40}));
        var t = assertThrows(IllegalArgumentException.class,
                () -> g.constant("t", ElementType.I8, new long[] {1}, new float[] {1}));
        assertEquals("t: float data needs f32 or f16, got i8", t.getMessage());
    }

    @Test
    void handlesFromAnotherBuilderAreRejected() {
        var other = new GraphBuilder("other").parameter("x", ElementType.F32, 1, 2, 3);
        g.parameter("y", ElementType.F32, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> g.clamp("c", other, 0, 1));
        assertEquals("Output[0:0 f32[1, 2, 3]] is not an output of this builder ('test')", e.getMessage());
    }

    @Test
    void namesAndResultsDescribeTheModelOutput() {
        var x = g.parameter("input", ElementType.F32, 1, 4);
        var y = g.withNames(g.clamp("relu", x, 0, 6), "logits", "a,b");
        int result = g.result("logits", y);
        IrModel m = g.build();
        assertEquals(List.of("input"), m.parameters().getFirst().output(0).names());
        assertEquals(List.of("logits", "a,b"), m.layer(y.layerId()).output(0).names());
        assertEquals("Result", m.layer(result).type());
        assertEquals(List.of(new Edge(0, 0, 1, 0), new Edge(1, 1, 2, 0)), m.edges());
    }

    @Test
    void copyingEveryLayerThroughTheGenericMethodReproducesTheModel() {
        var x = g.parameter("input", ElementType.F32, 1, 3, 8, 8);
        var w = g.constant("w", ElementType.F32, new long[] {4, 3, 1, 1}, new float[12]);
        var c = g.convolution("conv", x, w, new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0}, new long[] {1, 1});
        g.result("out", g.withNames(g.clamp("relu", c, 0, 6), "out"));
        IrModel source = g.build();

        GraphBuilder copy = new GraphBuilder("test");
        Map<Integer, GraphBuilder.Output> outputs = new java.util.HashMap<>();
        for (Layer l : source.layers()) {
            List<GraphBuilder.Output> inputs = source.edges().stream().filter(e -> e.toLayer() == l.id())
                    .sorted(java.util.Comparator.comparingInt(Edge::toPort))
                    .map(e -> outputs.get(e.fromLayer())).toList();
            if (l.type().equals("Const")) {
                outputs.put(l.id(), copy.constant(l.name(), l.output(0).type(), l.output(0).dims(), source.constantData(l)));
            } else {
                List<GraphBuilder.Output> outs = copy.layer(l.name(), l.type(), l.version(), l.attributes(), inputs,
                        l.outputs());
                if (!outs.isEmpty()) {
                    outputs.put(l.id(), outs.getFirst());
                }
            }
        }
        IrModel copied = copy.build();
        assertEquals(source.layers(), copied.layers());
        assertEquals(source.edges(), copied.edges());
        assertEquals(-1, source.weights().mismatch(copied.weights()));
        var e = assertThrows(IllegalArgumentException.class,
                () -> copy.layer("k", "Const", "opset1", Map.of(), List.of(), List.of()));
        assertEquals("k: add Const layers with constant(...), which stores the data", e.getMessage());
    }
}
