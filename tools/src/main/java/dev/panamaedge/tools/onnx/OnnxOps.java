package dev.panamaedge.tools.onnx;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.Port;
import dev.panamaedge.models.ir.UnsupportedOpException;
import dev.panamaedge.tools.onnx.proto.Onnx;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One IR op as ONNX nodes: the ops our MobileNetV2 graphs (seeded and dequantized pretrained) contain, each
 * after its OpenVINO opset specification and the ONNX operator of the same meaning. Anything else throws
 * {@link UnsupportedOpException} rather than being approximated.
 */
final class OnnxOps {
    private OnnxOps() {
    }

    static void emit(OnnxExport x, Layer l) {
        switch (l.type()) {
            case "Convolution" -> convolution(x, l, false);
            case "GroupConvolution" -> convolution(x, l, true);
            case "Add" -> binary(x, l, "Add");
            case "Subtract" -> binary(x, l, "Sub");
            case "Multiply" -> binary(x, l, "Mul");
            case "Divide" -> binary(x, l, "Div");
            case "Clamp" -> clamp(x, l);
            case "ReduceMean" -> reduceMean(x, l);
            case "AvgPool" -> avgPool(x, l);
            case "MatMul" -> matMul(x, l);
            case "Reshape" -> reshape(x, l);
            case "SoftMax" -> x.graph().addNode(node(x, l, "Softmax", List.of(x.inputName(l, 0)))
                    .addAttribute(integer("axis", Long.parseLong(l.attribute("axis").orElse("1").trim()))));
            case "Transpose" -> x.graph().addNode(node(x, l, "Transpose", List.of(x.inputName(l, 0)))
                    .addAttribute(ints("perm", constant(x, l, 1))));
            case "Convert" -> x.graph().addNode(node(x, l, "Cast", List.of(x.inputName(l, 0))).addAttribute(
                    integer("to", OnnxTensors.dataType(ElementType.fromIrName(l.requireAttribute("destination_type")),
                            l.name()))));
            default -> throw new UnsupportedOpException(l.type(), l.name(), "no ONNX mapping in edge models export-onnx");
        }
    }

    /** Convolution → Conv; GroupConvolution's weights [G, O/G, I/G, k…] → Conv's [O, I/G, k…] with group=G. */
    private static void convolution(OnnxExport x, Layer l, boolean grouped) {
        String weights;
        var conv = node(x, l, "Conv", List.of());
        conv.addInput(x.inputName(l, 0));
        if (grouped) {
            Layer w = x.producer(l, 1);
            if (!w.type().equals("Const")) {
                throw new UnsupportedOpException(l.type(), l.name(), "weights must be a Const to regroup them");
            }
            long[] d = w.output(0).dims();
            long[] merged = new long[d.length - 1];
            merged[0] = Math.multiplyExact(d[0], d[1]);
            System.arraycopy(d, 2, merged, 1, d.length - 2);
            weights = x.freshName(w.name() + "/grouped");
            x.graph().addInitializer(OnnxTensors.initializer(weights, w.output(0).type(), merged,
                    x.ir().constantData(w)));
            conv.addAttribute(integer("group", d[0]));
        } else {
            weights = x.inputName(l, 1);
        }
        conv.addInput(weights);
        conv.addAttribute(ints("strides", longs(l, "strides")));
        conv.addAttribute(ints("dilations", longs(l, "dilations")));
        padding(l, conv);
        x.graph().addNode(conv);
    }

    /** IR auto_pad explicit/notset uses pads_begin and pads_end; ONNX wants them as one list, begins first. */
    private static void padding(Layer l, Onnx.NodeProto.Builder node) {
        String autoPad = l.attribute("auto_pad").orElse("explicit").trim().toLowerCase(Locale.ROOT);
        switch (autoPad) {
            case "explicit", "notset" -> {
                long[] begin = longs(l, "pads_begin");
                long[] end = longs(l, "pads_end");
                long[] pads = Arrays.copyOf(begin, begin.length + end.length);
                System.arraycopy(end, 0, pads, begin.length, end.length);
                node.addAttribute(ints("pads", pads));
            }
            case "same_upper" -> node.addAttribute(string("auto_pad", "SAME_UPPER"));
            case "same_lower" -> node.addAttribute(string("auto_pad", "SAME_LOWER"));
            case "valid" -> node.addAttribute(string("auto_pad", "VALID"));
            default -> throw new UnsupportedOpException(l.type(), l.name(), "auto_pad=" + autoPad);
        }
    }

    private static void binary(OnnxExport x, Layer l, String op) {
        String broadcast = l.attribute("auto_broadcast").orElse("numpy").trim().toLowerCase(Locale.ROOT);
        if (!broadcast.equals("numpy") && !broadcast.equals("none")) {
            // ONNX broadcasting is numpy's; "none" means equal shapes, a special case of it.
            throw new UnsupportedOpException(l.type(), l.name(), "auto_broadcast=" + broadcast);
        }
        x.graph().addNode(node(x, l, op, List.of(x.inputName(l, 0), x.inputName(l, 1))));
    }

    /** Clamp → Clip with scalar bounds; IR keeps them as doubles, applied in the tensor's type (f32 here). */
    private static void clamp(OnnxExport x, Layer l) {
        if (x.producerPort(l, 0).type() != ElementType.F32) {
            throw new UnsupportedOpException(l.type(), l.name(), "only f32 inputs are exported");
        }
        String min = x.freshName(l.name() + "/min");
        String max = x.freshName(l.name() + "/max");
        x.graph().addInitializer(OnnxTensors.scalar(min, (float) Double.parseDouble(l.requireAttribute("min"))));
        x.graph().addInitializer(OnnxTensors.scalar(max, (float) Double.parseDouble(l.requireAttribute("max"))));
        x.graph().addNode(node(x, l, "Clip", List.of(x.inputName(l, 0), min, max)));
    }

    /** Opset 17's ReduceMean takes the axes as an attribute, read from the IR's axes constant. */
    private static void reduceMean(OnnxExport x, Layer l) {
        boolean keep = Boolean.parseBoolean(l.attribute("keep_dims").orElse("false").trim());
        x.graph().addNode(node(x, l, "ReduceMean", List.of(x.inputName(l, 0)))
                .addAttribute(ints("axes", constant(x, l, 1))).addAttribute(integer("keepdims", keep ? 1 : 0)));
    }

    private static void avgPool(OnnxExport x, Layer l) {
        boolean excludePad = Boolean.parseBoolean(l.attribute("exclude-pad").orElse("false").trim());
        boolean ceil = l.attribute("rounding_type").orElse("floor").trim().equalsIgnoreCase("ceil");
        var pool = node(x, l, "AveragePool", List.of(x.inputName(l, 0)))
                .addAttribute(ints("kernel_shape", longs(l, "kernel")))
                .addAttribute(ints("strides", longs(l, "strides")))
                .addAttribute(integer("count_include_pad", excludePad ? 0 : 1))
                .addAttribute(integer("ceil_mode", ceil ? 1 : 0));
        padding(l, pool);
        x.graph().addNode(pool);
    }

    /** 2-D MatMul → Gemm, which has the transposes MatMul lacks; no bias, so Gemm is exactly A·B. */
    private static void matMul(OnnxExport x, Layer l) {
        boolean ta = Boolean.parseBoolean(l.attribute("transpose_a").orElse("false").trim());
        boolean tb = Boolean.parseBoolean(l.attribute("transpose_b").orElse("false").trim());
        boolean twoD = x.producerPort(l, 0).rank() == 2 && x.producerPort(l, 1).rank() == 2;
        List<String> in = List.of(x.inputName(l, 0), x.inputName(l, 1));
        if (twoD) {
            x.graph().addNode(node(x, l, "Gemm", in).addAttribute(integer("transA", ta ? 1 : 0))
                    .addAttribute(integer("transB", tb ? 1 : 0)));
        } else if (!ta && !tb) {
            x.graph().addNode(node(x, l, "MatMul", in));
        } else {
            throw new UnsupportedOpException(l.type(), l.name(), "transposed inputs of rank other than 2");
        }
    }

    /**
     * The IR output port's static dims as the target shape: the same result as the IR's shape input, without
     * translating special_zero (IR) into allowzero (ONNX), whose meanings for a 0 are opposite.
     */
    private static void reshape(OnnxExport x, Layer l) {
        Port out = l.output(0);
        if (!out.isStatic()) {
            throw new UnsupportedOpException(l.type(), l.name(), "dynamic output shape");
        }
        String shape = x.freshName(l.name() + "/shape");
        x.graph().addInitializer(OnnxTensors.int64s(shape, out.dims()));
        x.graph().addNode(node(x, l, "Reshape", List.of(x.inputName(l, 0), shape)));
    }

    private static long[] constant(OnnxExport x, Layer l, int input) {
        Layer c = x.producer(l, input);
        if (!c.type().equals("Const")) {
            throw new UnsupportedOpException(l.type(), l.name(), "input " + input + " must be a Const");
        }
        return OnnxTensors.integers(c.name(), c.output(0).type(), x.ir().constantData(c));
    }

    private static Onnx.NodeProto.Builder node(OnnxExport x, Layer l, String op, List<String> inputs) {
        var n = Onnx.NodeProto.newBuilder().setName(l.name()).setOpType(op).addAllInput(inputs);
        for (int i = 0; i < l.outputs().size(); i++) {
            n.addOutput(x.outputName(l, i));
        }
        return n;
    }

    /** "1, 1" or "1,1" (IR writers differ) as longs. */
    private static long[] longs(Layer l, String key) {
        return Arrays.stream(l.requireAttribute(key).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
    }

    private static Onnx.AttributeProto integer(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    private static Onnx.AttributeProto ints(String name, long... values) {
        var a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static Onnx.AttributeProto string(String name, String value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }
}
