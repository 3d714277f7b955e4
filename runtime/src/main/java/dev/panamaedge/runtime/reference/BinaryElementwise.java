package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.Arrays;
import java.util.List;

/**
 * Add-1, Subtract-1, Multiply-1, Divide-1, Maximum-1, Minimum-1, Power-1 and SquaredDifference-1 with
 * {@code auto_broadcast} {@code numpy} (the default) or {@code none} (shapes must match).
 */
final class BinaryElementwise implements Op {
    private final BinaryKernels.Kind kind;
    private final long[] outShape;
    private final ElementType type;
    private final Broadcast broadcast;

    private BinaryElementwise(BinaryKernels.Kind kind, long[] outShape, ElementType type, Broadcast broadcast) {
        this.kind = kind;
        this.outShape = outShape;
        this.type = type;
        this.broadcast = broadcast;
    }

    static BinaryElementwise create(Layer layer, List<Operand> in) {
        Operand a = in.get(0);
        Operand b = in.get(1);
        String mode = Attrs.string(layer, "auto_broadcast", "numpy");
        long[] out = switch (mode) {
            case "numpy" -> Dims.broadcast(a.shape(), b.shape(), layer);
            case "none" -> {
                if (!Arrays.equals(a.shape(), b.shape())) {
                    throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type()
                            + "): auto_broadcast=none but shapes " + Dims.str(a.shape()) + " and "
                            + Dims.str(b.shape()) + " differ");
                }
                yield a.shape();
            }
            default -> throw new UnsupportedOpException(layer.type(), layer.name(), "auto_broadcast=" + mode);
        };
        Dims.count(out);
        BinaryKernels.Kind kind = switch (layer.type()) {
            case "Add" -> BinaryKernels.Kind.ADD;
            case "Subtract" -> BinaryKernels.Kind.SUBTRACT;
            case "Multiply" -> BinaryKernels.Kind.MULTIPLY;
            case "Divide" -> a.type().isFloatingPoint() ? BinaryKernels.Kind.DIVIDE
                    : Attrs.bool(layer, "m_pythondiv", true) ? BinaryKernels.Kind.FLOOR_DIVIDE
                    : BinaryKernels.Kind.TRUNCATE_DIVIDE;
            case "Maximum" -> BinaryKernels.Kind.MAXIMUM;
            case "Minimum" -> BinaryKernels.Kind.MINIMUM;
            case "Power" -> BinaryKernels.Kind.POWER;
            case "SquaredDifference" -> BinaryKernels.Kind.SQUARED_DIFFERENCE;
            default -> throw new UnsupportedOpException(layer.type(), layer.name(), "not a binary element-wise op");
        };
        return new BinaryElementwise(kind, out, a.type(), Broadcast.of(out, a.shape(), b.shape()));
    }

    @Override
    public long[] outputShape() {
        return outShape.clone();
    }

    @Override
    public ElementType outputType() {
        return type;
    }

    @Override
    public void execute(float[][] inputs, float[] output, RunContext ctx) {
        execute(inputs, output, ctx, Simd.ENABLED);
    }

    void execute(float[][] inputs, float[] output, RunContext ctx, boolean vector) {
        float[] a = inputs[0];
        float[] b = inputs[1];
        Broadcast bc = broadcast;
        ctx.parallel().forRange(bc.size(), 1, (from, to) -> bc.forSegments(from, to, (run, lo, hi) ->
                BinaryKernels.apply(kind, vector, a, bc.offset(0, run, lo), bc.innerStep[0], b, bc.offset(1, run, lo),
                        bc.innerStep[1], output, run * bc.inner + lo, hi - lo)));
    }
}
