package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Layer;
import java.util.List;

/**
 * SoftMax-1 (axis ≥ 0) and SoftMax-8 (negative axis counts from the end), default axis 1:
 * {@code exp(x - max) / sum(exp(x - max))} along the axis, max subtracted for range as OpenVINO's
 * reference does; exponentials rounded to f32, their sum accumulated in double and rounded once.
 */
final class SoftMax implements Op {
    private final long[] shape;
    private final ElementType type;
    private final int outer;
    private final int axisLength;
    private final int inner;

    private SoftMax(long[] shape, ElementType type, int outer, int axisLength, int inner) {
        this.shape = shape;
        this.type = type;
        this.outer = outer;
        this.axisLength = axisLength;
        this.inner = inner;
    }

    static SoftMax create(Layer layer, List<Operand> in) {
        long[] d = in.get(0).shape();
        int axis = Dims.axis(Attrs.longOr(layer, "axis", 1), d.length, layer);
        return new SoftMax(d, in.get(0).type(), Dims.product(d, 0, axis), (int) d[axis],
                Dims.product(d, axis + 1, d.length));
    }

    @Override
    public long[] outputShape() {
        return shape.clone();
    }

    @Override
    public ElementType outputType() {
        return type;
    }

    @Override
    public void execute(float[][] inputs, float[] output, RunContext ctx) {
        float[] in = inputs[0];
        ctx.parallel().forRange(outer * inner, axisLength * 8L, (from, to) -> {
            for (int line = from; line < to; line++) {
                int start = line / inner * axisLength * inner + line % inner;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < axisLength; i++) {
                    max = Math.max(max, in[start + i * inner]);
                }
                double sum = 0;
                for (int i = 0; i < axisLength; i++) {
                    float e = (float) Math.exp(in[start + i * inner] - max);
                    output[start + i * inner] = e;
                    sum += e;
                }
                float total = (float) sum;
                for (int i = 0; i < axisLength; i++) {
                    output[start + i * inner] /= total;
                }
            }
        });
    }
}
