package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.List;

/**
 * ShapeOf-1/3: the input's shape as a 1-D i64 (or {@code output_type="i32"}) tensor. Shapes are static
 * here, so the planner folds it into a constant at load whatever feeds it.
 */
final class ShapeOf implements Op {
    private final long[] inputShape;
    private final ElementType type;

    private ShapeOf(long[] inputShape, ElementType type) {
        this.inputShape = inputShape;
        this.type = type;
    }

    static ShapeOf create(Layer layer, List<Operand> in) {
        String t = Attrs.string(layer, "output_type", "i64");
        if (!t.equals("i64") && !t.equals("i32")) {
            throw new UnsupportedOpException(layer.type(), layer.name(), "output_type=" + t);
        }
        return new ShapeOf(in.get(0).shape(), t.equals("i64") ? ElementType.I64 : ElementType.I32);
    }

    @Override
    public long[] outputShape() {
        return new long[] {inputShape.length};
    }

    @Override
    public ElementType outputType() {
        return type;
    }

    @Override
    public void execute(float[][] inputs, float[] output, RunContext ctx) {
        for (int i = 0; i < inputShape.length; i++) {
            output[i] = inputShape[i];
        }
    }
}
