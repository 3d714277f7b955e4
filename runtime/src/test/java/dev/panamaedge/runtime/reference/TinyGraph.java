package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.Port;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds small IR graphs straight from the {@link Layer}/{@link Port}/{@link Edge} records, with weights in a
 * heap segment, so each op test states its graph in a few lines. Ops declare their expected output dims,
 * which the engine's planner checks against its own shape inference.
 */
final class TinyGraph {
    private final List<Layer> layers = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Port> outputs = new ArrayList<>();
    private final ByteArrayOutputStream weights = new ByteArrayOutputStream();

    /** Adds a Parameter whose tensor name is {@code name}; returns its layer id. */
    int parameter(String name, ElementType type, long... dims) {
        Port out = new Port(0, type, dims, List.of(name));
        return add(new Layer(layers.size(), name, "Parameter", "opset1",
                Map.of("shape", join(dims), "element_type", type.irName()), List.of(), List.of(out)));
    }

    /** A Const holding {@code values} encoded as {@code type}. */
    int constant(ElementType type, long[] dims, float... values) {
        byte[] bytes = encode(type, values);
        int offset = weights.size();
        weights.writeBytes(bytes);
        Map<String, String> attrs = Map.of("element_type", type.irName(), "shape", join(dims),
                "offset", Integer.toString(offset), "size", Integer.toString(bytes.length));
        return add(new Layer(layers.size(), "const" + layers.size(), "Const", "opset1", attrs, List.of(),
                List.of(new Port(0, type, dims))));
    }

    /** A 1-D i64 Const (shapes, axes, permutations). */
    int longs(long... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = values[i];
        }
        return constant(ElementType.I64, new long[] {values.length}, f);
    }

    /** An f32 op; {@code attrs} alternate keys and values. */
    int op(String type, String[] attrs, long[] outDims, int... inputs) {
        return op(type, "layer" + layers.size(), ElementType.F32, attrs, outDims, inputs);
    }

    int op(String type, String name, ElementType outType, String[] attrs, long[] outDims, int... inputs) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < attrs.length; i += 2) {
            a.put(attrs[i], attrs[i + 1]);
        }
        List<Port> in = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Port src = layers.get(inputs[i]).output(0);
            in.add(new Port(i, src.type(), src.dims(), List.of()));
        }
        int id = add(new Layer(layers.size(), name, type, "opset1", a, in,
                List.of(new Port(inputs.length, outType, outDims))));
        for (int i = 0; i < inputs.length; i++) {
            edges.add(new Edge(inputs[i], layers.get(inputs[i]).output(0).id(), id, i));
        }
        return id;
    }

    /** A Result named {@code name} (the output's name, since op ports carry no tensor names here). */
    int result(String name, int from) {
        Port src = layers.get(from).output(0);
        int id = add(new Layer(layers.size(), name, "Result", "opset1", Map.of(),
                List.of(new Port(0, src.type(), src.dims(), List.of())), List.of()));
        edges.add(new Edge(from, src.id(), id, 0));
        return id;
    }

    IrModel build() {
        return new IrModel("tiny", layers, edges, MemorySegment.ofArray(weights.toByteArray()), Map.of(),
                Optional.empty());
    }

    private int add(Layer layer) {
        layers.add(layer);
        return layer.id();
    }

    static String[] attrs(String... keyValues) {
        return keyValues;
    }

    static long[] dims(long... d) {
        return d;
    }

    private static String join(long[] dims) {
        return String.join(",", Arrays.stream(dims).mapToObj(Long::toString).toList());
    }

    private static byte[] encode(ElementType type, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(type.byteSize(values.length))).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (type) {
                case F32 -> b.putFloat(v);
                case F16 -> b.putShort(Float.floatToFloat16(v));
                case I8, U8, BOOLEAN -> b.put((byte) (int) v);
                case I32 -> b.putInt((int) v);
                case I64 -> b.putLong((long) v);
                default -> throw new IllegalArgumentException("TinyGraph does not encode " + type);
            }
        }
        return b.array();
    }

    /** Loads {@code model}, runs it once on f32 inputs (in Parameter order) and returns the first output. */
    static float[] evaluate(IrModel model, float[]... inputs) {
        try (ReferenceEngine engine = ReferenceEngine.load(model, new ReferenceOptions(2))) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                var spec = engine.inputs().get(i);
                in.put(spec.name(), Tensor.ofFloats(new Shape(spec.dims()), inputs[i]));
            }
            return engine.run(in).values().iterator().next().toFloatArray();
        }
    }

    /** One op whose inputs are all f32 parameters of the given shapes, evaluated on {@code inputs}. */
    static float[] single(String type, String[] attrs, long[][] inShapes, long[] outShape, float[]... inputs) {
        TinyGraph g = new TinyGraph();
        int[] ids = new int[inShapes.length];
        for (int i = 0; i < inShapes.length; i++) {
            ids[i] = g.parameter("in" + i, ElementType.F32, inShapes[i]);
        }
        g.result("out", g.op(type, attrs, outShape, ids));
        return evaluate(g.build(), inputs);
    }
}
