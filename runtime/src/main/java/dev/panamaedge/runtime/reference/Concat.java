package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import java.util.List;

/** Concat-1: joins inputs along {@code axis} (negative counts from the end); other dims must match. */
final class Concat implements Op {
    private final long[] outShape;
    private final ElementType type;
    private final int outer;
    private final int[] innerBlock;

    private Concat(long[] outShape, ElementType type, int outer, int[] innerBlock) {
        this.outShape = outShape;
        this.type = type;
        this.outer = outer;
        this.innerBlock = innerBlock;
    }

    static Concat create(Layer layer, List<Operand> in) {
        long[] first = in.get(0).shape();
        int axis = Dims.axis(Attrs.longValue(layer, "axis"), first.length, layer);
        long[] out = first.clone();
        out[axis] = 0;
        int[] block = new int[in.size()];
        for (int i = 0; i < in.size(); i++) {
            long[] s = in.get(i).shape();
            boolean same = s.length == first.length;
            for (int d = 0; same && d < s.length; d++) {
                same = d == axis || s[d] == first[d];
            }
            if (!same) {
                throw new InvalidModelException("layer '" + layer.name() + "' (Concat): input " + i + " "
                        + Dims.str(s) + " does not match " + Dims.str(first) + " outside axis " + axis);
            }
            out[axis] += s[axis];
            block[i] = Dims.product(s, axis, s.length);
        }
        Dims.count(out);
        return new Concat(out, in.get(0).type(), Dims.product(first, 0, axis), block);
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
        int o = 0;
        for (int row = 0; row < outer; row++) {
            for (int i = 0; i < inputs.length; i++) {
                System.arraycopy(inputs[i], row * innerBlock[i], output, o, innerBlock[i]);
                o += innerBlock[i];
            }
        }
    }
}
