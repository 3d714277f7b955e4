package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The op types the reference engine implements, and the one place that turns a layer into an {@link Op}. */
final class OpCatalog {
    /** Types the planner handles itself rather than as ops. */
    static final Set<String> GRAPH_TYPES = Set.of("Parameter", "Const", "Result");

    private static final Set<String> BINARY = Set.of("Add", "Subtract", "Multiply", "Divide", "Maximum", "Minimum",
            "Power", "SquaredDifference");
    private static final Set<String> UNARY = Set.of("Clamp", "Relu", "Sigmoid", "Exp", "Abs", "Negative", "Sqrt");
    private static final Set<String> REDUCE = Set.of("ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin");
    private static final Set<String> OTHER = Set.of("Convert", "FakeQuantize", "Convolution", "GroupConvolution",
            "AvgPool", "MaxPool", "MatMul", "Reshape", "Squeeze", "Unsqueeze", "Transpose", "SoftMax", "Concat",
            "ShapeOf");

    private OpCatalog() {
    }

    static boolean isSupported(String type) {
        return GRAPH_TYPES.contains(type) || BINARY.contains(type) || UNARY.contains(type) || REDUCE.contains(type)
                || OTHER.contains(type);
    }

    /** Every supported type, sorted, for error messages and reports. */
    static Set<String> supportedTypes() {
        Set<String> all = new TreeSet<>();
        all.addAll(GRAPH_TYPES);
        all.addAll(BINARY);
        all.addAll(UNARY);
        all.addAll(REDUCE);
        all.addAll(OTHER);
        return all;
    }

    /**
     * Rejects a layer the engine cannot run, before anything is computed.
     *
     * @throws UnsupportedOpException naming the op type and the layer
     */
    static void requireSupported(Layer layer) {
        if (!isSupported(layer.type())) {
            throw new UnsupportedOpException(layer.type(), layer.name(), "the reference engine implements "
                    + supportedTypes());
        }
        int outputs = layer.outputs().size();
        int expected = layer.type().equals("Result") ? 0 : 1;
        if (outputs != expected) {
            throw new UnsupportedOpException(layer.type(), layer.name(), layer.type() + "-" + layer.version()
                    + " with " + outputs + " outputs; the reference engine implements the " + expected
                    + "-output form");
        }
    }

    /** Binds a non-graph layer to its operands. */
    static Op create(Layer layer, List<Operand> in) {
        String type = layer.type();
        if (BINARY.contains(type)) {
            arity(layer, in, 2, 2);
            return BinaryElementwise.create(layer, in);
        }
        if (UNARY.contains(type)) {
            arity(layer, in, 1, 1);
            return UnaryElementwise.create(layer, in);
        }
        if (REDUCE.contains(type)) {
            arity(layer, in, 2, 2);
            return Reduce.create(layer, in);
        }
        return switch (type) {
            case "Convert" -> Convert.create(layer, arity(layer, in, 1, 1));
            case "FakeQuantize" -> FakeQuantize.create(layer, arity(layer, in, 5, 5));
            case "Convolution" -> Convolution.create(layer, arity(layer, in, 2, 2), false);
            case "GroupConvolution" -> Convolution.create(layer, arity(layer, in, 2, 2), true);
            case "AvgPool", "MaxPool" -> Pooling.create(layer, arity(layer, in, 1, 1));
            case "MatMul" -> MatMul.create(layer, arity(layer, in, 2, 2));
            case "Reshape", "Unsqueeze" -> Reshape.create(layer, arity(layer, in, 2, 2));
            case "Squeeze" -> Reshape.create(layer, arity(layer, in, 1, 2));
            case "Transpose" -> Transpose.create(layer, arity(layer, in, 2, 2));
            case "SoftMax" -> SoftMax.create(layer, arity(layer, in, 1, 1));
            case "Concat" -> Concat.create(layer, arity(layer, in, 1, Integer.MAX_VALUE));
            case "ShapeOf" -> ShapeOf.create(layer, arity(layer, in, 1, 1));
            default -> throw new UnsupportedOpException(type, layer.name(), "the reference engine implements "
                    + supportedTypes());
        };
    }

    private static List<Operand> arity(Layer layer, List<Operand> in, int min, int max) {
        if (in.size() < min || in.size() > max) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + ") has " + in.size()
                    + " inputs, expected " + (min == max ? String.valueOf(min) : min + ".." + max));
        }
        return in;
    }
}
