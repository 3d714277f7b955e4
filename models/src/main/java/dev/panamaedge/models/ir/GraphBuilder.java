package dev.panamaedge.models.ir;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds an immutable {@link IrModel} in memory, one op at a time, inferring every output shape.
 *
 * <p>Op types, versions and attribute names follow the OpenVINO operation specification, so a built graph
 * written by {@link IrWriter} loads in OpenVINO unchanged. Each method returns an {@link Output} handle to
 * feed later ops; inputs must already exist, so layers are in topological order by construction. Shape
 * errors throw {@link IllegalArgumentException} naming the op and the expected versus actual shapes.
 *
 * <p>{@link #layer} adds any op with caller-supplied output ports and {@link #constant(String, ElementType,
 * long[], MemorySegment)} copies raw bytes: together they copy layers over from an existing model (the
 * quantizer builds its new graph this way). Not thread-safe; {@link #build()} takes a snapshot.
 *
 * <p>The file runs past 400 lines on purpose: it is the catalogue of supported ops, one short method per
 * op, and reads best in one place; shape rules live in {@link ShapeInference}, byte encoding in
 * {@link ConstantBytes}.
 */
public final class GraphBuilder {
    /** One output port of a layer in this builder: what later ops take as input. */
    public record Output(int layerId, int portId, ElementType type, long[] dims) {
        public Output {
            Objects.requireNonNull(type, "type");
            dims = dims.clone();
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }

        public int rank() {
            return dims.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Output other && layerId == other.layerId && portId == other.portId
                    && type == other.type && Arrays.equals(dims, other.dims);
        }

        @Override
        public int hashCode() {
            return Objects.hash(layerId, portId, type, Arrays.hashCode(dims));
        }

        @Override
        public String toString() {
            return "Output[" + layerId + ":" + portId + " " + type.irName() + Arrays.toString(dims) + "]";
        }
    }

    private final String modelName;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<Integer, Integer> indexById = new HashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<Integer, long[]> integerConstants = new HashMap<>();
    private final Map<String, String> runtimeInfo = new LinkedHashMap<>();
    private final WeightsBlob weights = new WeightsBlob();

    public GraphBuilder(String modelName) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
    }

    /** Parameter-1: a model input whose tensor name is {@code name}. */
    public Output parameter(String name, ElementType type, long... dims) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("shape", IrSyntax.formatLongList(dims));
        data.put("element_type", type.irName());
        Output out = add(name, "Parameter", "opset1", data, List.of(), List.of(new Port(0, type, dims)))
                .getFirst();
        return withNames(out, name);
    }

    /** Constant-1 from floats, stored as {@code f32} or {@code f16}. */
    public Output constant(String name, ElementType type, long[] dims, float[] values) {
        checkCount(name, dims, values.length);
        return constant(name, type, dims, ConstantBytes.ofFloats(name, type, values));
    }

    /** Constant-1 from bytes, one per element: {@code i8}, {@code u8} or {@code boolean}. */
    public Output constant(String name, ElementType type, long[] dims, byte[] values) {
        if (type != ElementType.I8 && type != ElementType.U8 && type != ElementType.BOOLEAN) {
            throw new IllegalArgumentException(name + ": byte data needs i8, u8 or boolean, got " + type.irName());
        }
        checkCount(name, dims, values.length);
        return constant(name, type, dims, MemorySegment.ofArray(values.clone()));
    }

    /** Constant-1 from integers, stored as {@code i32} (range-checked) or {@code i64}. */
    public Output constant(String name, ElementType type, long[] dims, long[] values) {
        checkCount(name, dims, values.length);
        return constant(name, type, dims, ConstantBytes.ofIntegers(name, type, values));
    }

    /**
     * Constant-1 from raw little-endian bytes of any element type (used to copy a {@code Const} from another
     * model); {@code bytes} must hold exactly {@code type × dims} bytes.
     */
    public Output constant(String name, ElementType type, long[] dims, MemorySegment bytes) {
        long expected = type.byteSize(ShapeInference.elementCount(dims));
        if (bytes.byteSize() != expected) {
            throw new IllegalArgumentException(name + ": " + type.irName() + " x " + Arrays.toString(dims) + " needs "
                    + expected + " bytes, got " + bytes.byteSize());
        }
        long offset = weights.append(bytes);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("element_type", type.irName());
        data.put("shape", IrSyntax.formatLongList(dims));
        data.put("offset", Long.toString(offset));
        data.put("size", Long.toString(expected));
        Output out = add(name, "Const", "opset1", data, List.of(), List.of(new Port(0, type, dims))).getFirst();
        if (type == ElementType.I64 || type == ElementType.I32) {
            integerConstants.put(out.layerId(), ConstantBytes.toIntegers(type, bytes));
        }
        return out;
    }

    /** Convolution-1 with explicit pads; weights are {@code [C_out, C_in, kH, kW]}. */
    public Output convolution(String name, Output input, Output filter, long[] strides, long[] padsBegin,
                              long[] padsEnd, long[] dilations) {
        long[] in = input.dims();
        long[] w = filter.dims();
        if (w.length != in.length || w[1] != in[1]) {
            throw new IllegalArgumentException(name + ": weights " + Arrays.toString(w) + " do not fit input "
                    + Arrays.toString(in) + " (expected [C_out, " + in[1] + ", k...])");
        }
        long[] out = ShapeInference.convolution(name, in, w[0], Arrays.copyOfRange(w, 2, w.length), strides,
                padsBegin, padsEnd, dilations);
        return op(name, "Convolution", convAttributes(strides, padsBegin, padsEnd, dilations),
                List.of(input, filter), sameType(name, input, filter), out);
    }

    /** GroupConvolution-1; weights are {@code [G, C_out/G, C_in/G, kH, kW]} (depthwise: {@code [C, 1, 1, k, k]}). */
    public Output groupConvolution(String name, Output input, Output filter, long[] strides, long[] padsBegin,
                                   long[] padsEnd, long[] dilations) {
        long[] in = input.dims();
        long[] w = filter.dims();
        if (w.length != in.length + 1 || w[0] * w[2] != in[1]) {
            throw new IllegalArgumentException(name + ": weights " + Arrays.toString(w) + " do not fit input "
                    + Arrays.toString(in) + " (expected [G, C_out/G, " + in[1] + "/G, k...])");
        }
        long[] out = ShapeInference.convolution(name, in, w[0] * w[1], Arrays.copyOfRange(w, 3, w.length), strides,
                padsBegin, padsEnd, dilations);
        return op(name, "GroupConvolution", convAttributes(strides, padsBegin, padsEnd, dilations),
                List.of(input, filter), sameType(name, input, filter), out);
    }

    /** Add-1 with numpy broadcasting. */
    public Output add(String name, Output a, Output b) {
        return elementwise(name, "Add", a, b);
    }

    /** Multiply-1 with numpy broadcasting. */
    public Output multiply(String name, Output a, Output b) {
        return elementwise(name, "Multiply", a, b);
    }

    /** Subtract-1 with numpy broadcasting. */
    public Output subtract(String name, Output a, Output b) {
        return elementwise(name, "Subtract", a, b);
    }

    /** Clamp-1: {@code min(max(x, min), max)}; ReLU6 is {@code clamp(0, 6)}. */
    public Output clamp(String name, Output input, double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException(name + ": clamp min " + min + " > max " + max);
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("min", formatNumber(min));
        data.put("max", formatNumber(max));
        return op(name, "Clamp", data, List.of(input), input.type(), input.dims());
    }

    /** ReduceMean-1 over constant {@code axes} (an i64 Const named {@code name/axes} is added). */
    public Output reduceMean(String name, Output input, long[] axes, boolean keepDims) {
        return reduceMean(name, input, constant(name + "/axes", ElementType.I64, new long[] {axes.length}, axes),
                keepDims);
    }

    /** ReduceMean-1 whose axes input is an integer Const of this builder. */
    public Output reduceMean(String name, Output input, Output axes, boolean keepDims) {
        long[] out = ShapeInference.reduce(name, input.dims(), constantValues(name, axes), keepDims);
        return op(name, "ReduceMean", Map.of("keep_dims", Boolean.toString(keepDims)), List.of(input, axes),
                input.type(), out);
    }

    /** AvgPool-1 with explicit pads and floor rounding. */
    public Output avgPool(String name, Output input, long[] kernel, long[] strides, long[] padsBegin,
                          long[] padsEnd, boolean excludePad) {
        long[] in = input.dims();
        long[] out = ShapeInference.convolution(name, in, in[1], kernel, strides, padsBegin, padsEnd,
                ones(kernel.length));
        Map<String, String> data = new LinkedHashMap<>();
        data.put("strides", IrSyntax.formatLongList(strides));
        data.put("pads_begin", IrSyntax.formatLongList(padsBegin));
        data.put("pads_end", IrSyntax.formatLongList(padsEnd));
        data.put("kernel", IrSyntax.formatLongList(kernel));
        data.put("rounding_type", "floor");
        data.put("exclude-pad", Boolean.toString(excludePad));
        data.put("auto_pad", "explicit");
        return op(name, "AvgPool", data, List.of(input), input.type(), out);
    }

    /** MatMul-1. */
    public Output matMul(String name, Output a, Output b, boolean transposeA, boolean transposeB) {
        long[] out = ShapeInference.matMul(name, a.dims(), b.dims(), transposeA, transposeB);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("transpose_a", Boolean.toString(transposeA));
        data.put("transpose_b", Boolean.toString(transposeB));
        return op(name, "MatMul", data, List.of(a, b), sameType(name, a, b), out);
    }

    /** Reshape-1 to a constant target shape (an i64 Const named {@code name/shape} is added). */
    public Output reshape(String name, Output input, long[] shape, boolean specialZero) {
        return reshape(name, input, constant(name + "/shape", ElementType.I64, new long[] {shape.length}, shape),
                specialZero);
    }

    /** Reshape-1 whose shape input is an integer Const of this builder. */
    public Output reshape(String name, Output input, Output shape, boolean specialZero) {
        long[] out = ShapeInference.reshape(name, input.dims(), constantValues(name, shape), specialZero);
        return op(name, "Reshape", Map.of("special_zero", Boolean.toString(specialZero)), List.of(input, shape),
                input.type(), out);
    }

    /** Squeeze-1 of constant axes (an i64 Const named {@code name/axes} is added). */
    public Output squeeze(String name, Output input, long[] axes) {
        return squeeze(name, input, constant(name + "/axes", ElementType.I64, new long[] {axes.length}, axes));
    }

    /** Squeeze-1 whose axes input is an integer Const of this builder. */
    public Output squeeze(String name, Output input, Output axes) {
        long[] out = ShapeInference.squeeze(name, input.dims(), constantValues(name, axes));
        return op(name, "Squeeze", Map.of(), List.of(input, axes), input.type(), out);
    }

    /** Softmax-8 (IR type name {@code SoftMax}, as OpenVINO's serializer spells it). */
    public Output softmax(String name, Output input, long axis) {
        ShapeInference.normalizeAxis(name, axis, input.rank());
        List<Output> out = add(name, "SoftMax", "opset8", Map.of("axis", Long.toString(axis)), List.of(input),
                List.of(new Port(1, input.type(), input.dims())));
        return out.getFirst();
    }

    /** Convert-1 to {@code destination}. */
    public Output convert(String name, Output input, ElementType destination) {
        return op(name, "Convert", Map.of("destination_type", destination.irName()), List.of(input), destination,
                input.dims());
    }

    /** FakeQuantize-1; each range input must broadcast to the data input (numpy rules). */
    public Output fakeQuantize(String name, Output input, Output inputLow, Output inputHigh, Output outputLow,
                               Output outputHigh, long levels) {
        if (levels < 2) {
            throw new IllegalArgumentException(name + ": FakeQuantize needs levels >= 2, got " + levels);
        }
        for (Output range : List.of(inputLow, inputHigh, outputLow, outputHigh)) {
            long[] b = ShapeInference.broadcast(name, input.dims(), range.dims());
            if (!Arrays.equals(b, input.dims())) {
                throw new IllegalArgumentException(name + ": range shape " + Arrays.toString(range.dims())
                        + " would grow the data shape " + Arrays.toString(input.dims()));
            }
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("levels", Long.toString(levels));
        data.put("auto_broadcast", "numpy");
        return op(name, "FakeQuantize", data, List.of(input, inputLow, inputHigh, outputLow, outputHigh),
                input.type(), input.dims());
    }

    /** Result-1; returns the Result layer's id. Name the model output by naming {@code input}'s tensor. */
    public int result(String name, Output input) {
        int id = layers.size();
        add(name, "Result", "opset1", Map.of(), List.of(input), List.of());
        return id;
    }

    /**
     * Adds any op with explicit output ports (their ids are renumbered to follow the inputs, IR's
     * convention); returns one handle per output. Use the {@code constant} methods for {@code Const}.
     */
    public List<Output> layer(String name, String type, String version, Map<String, String> attributes,
                              List<Output> inputs, List<Port> outputs) {
        if (type.equals("Const")) {
            throw new IllegalArgumentException(name + ": add Const layers with constant(...), which stores the data");
        }
        return add(name, type, version, attributes, inputs, outputs);
    }

    /** Replaces the tensor names of {@code output}'s port (the model output named {@code logits}, say). */
    public Output withNames(Output output, String... names) {
        int index = indexOf(output);
        Layer l = layers.get(index);
        List<Port> outs = new ArrayList<>();
        for (Port p : l.outputs()) {
            outs.add(p.id() == output.portId() ? new Port(p.id(), p.type(), p.dims(), List.of(names)) : p);
        }
        layers.set(index, new Layer(l.id(), l.name(), l.type(), l.version(), l.attributes(), l.inputs(), outs));
        return output;
    }

    /** Adds one model-level {@code rt_info} entry (flat {@code a/b} keys nest when written). */
    public GraphBuilder runtimeInfo(String key, String value) {
        runtimeInfo.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Checks the graph (edges, inputs, cycles, constants) and returns an immutable snapshot of it. */
    public IrModel build() {
        IrGraphCheck.check("model '" + modelName + "'", layers, edges);
        return new IrModel(modelName, layers, edges, weights.finish(), runtimeInfo, Optional.empty());
    }

    private Output elementwise(String name, String type, Output a, Output b) {
        long[] out = ShapeInference.broadcast(name, a.dims(), b.dims());
        return op(name, type, Map.of("auto_broadcast", "numpy"), List.of(a, b), sameType(name, a, b), out);
    }

    private Output op(String name, String type, Map<String, String> attributes, List<Output> inputs,
                      ElementType outType, long[] outDims) {
        return add(name, type, "opset1", attributes, inputs, List.of(new Port(0, outType, outDims))).getFirst();
    }

    private List<Output> add(String name, String type, String version, Map<String, String> attributes,
                             List<Output> inputs, List<Port> outputs) {
        Objects.requireNonNull(name, "name");
        int id = layers.size();
        List<Port> inPorts = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Output in = inputs.get(i);
            indexOf(in);
            inPorts.add(new Port(i, in.type(), in.dims()));
            edges.add(new Edge(in.layerId(), in.portId(), id, i));
        }
        List<Port> outPorts = new ArrayList<>();
        List<Output> handles = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Port p = outputs.get(i);
            Port port = new Port(inputs.size() + i, p.type(), p.dims(), p.names());
            outPorts.add(port);
            handles.add(new Output(id, port.id(), port.type(), port.dims()));
        }
        layers.add(new Layer(id, name, type, version, attributes, inPorts, outPorts));
        indexById.put(id, layers.size() - 1);
        return handles;
    }

    /** Guards against handles from another builder: the port must exist here with the same type and shape. */
    private int indexOf(Output output) {
        Integer index = indexById.get(output.layerId());
        if (index != null) {
            for (Port p : layers.get(index).outputs()) {
                if (p.id() == output.portId() && p.type() == output.type() && Arrays.equals(p.dims(), output.dims())) {
                    return index;
                }
            }
        }
        throw new IllegalArgumentException(output + " is not an output of this builder ('" + modelName + "')");
    }

    private long[] constantValues(String op, Output output) {
        long[] values = integerConstants.get(output.layerId());
        if (values == null) {
            throw new IllegalArgumentException(op + ": " + output + " must be an i32/i64 Const of this builder");
        }
        return values.clone();
    }

    private static ElementType sameType(String op, Output a, Output b) {
        if (a.type() != b.type()) {
            throw new IllegalArgumentException(op + ": input types differ: " + a.type().irName() + " vs "
                    + b.type().irName());
        }
        return a.type();
    }

    private static Map<String, String> convAttributes(long[] strides, long[] padsBegin, long[] padsEnd,
                                                      long[] dilations) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("strides", IrSyntax.formatLongList(strides));
        data.put("dilations", IrSyntax.formatLongList(dilations));
        data.put("pads_begin", IrSyntax.formatLongList(padsBegin));
        data.put("pads_end", IrSyntax.formatLongList(padsEnd));
        data.put("auto_pad", "explicit");
        return data;
    }

    private static void checkCount(String name, long[] dims, int count) {
        if (ShapeInference.elementCount(dims) != count) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(dims) + " holds "
                    + ShapeInference.elementCount(dims) + " elements, got " + count + " values");
        }
    }

    private static long[] ones(int n) {
        long[] v = new long[n];
        Arrays.fill(v, 1);
        return v;
    }

    /** Integral values print without a fraction ({@code 6}, as OpenVINO writes them), others in full precision. */
    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
