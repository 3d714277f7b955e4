package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.List;

/**
 * Transpose-1: output dim {@code i} is input dim {@code order[i]}; an empty order reverses the dims. The
 * order must be constant. Each output element's source offset is walked with an odometer, so the copy has
 * no division per element.
 */
final class Transpose implements Op {
    private final long[] outShape;
    private final ElementType type;
    private final int[] srcStride;

    private Transpose(long[] outShape, ElementType type, int[] srcStride) {
        this.outShape = outShape;
        this.type = type;
        this.srcStride = srcStride;
    }

    static Transpose create(Layer layer, List<Operand> in) {
        long[] d = in.get(0).shape();
        Operand orderIn = in.get(1);
        if (!orderIn.isConstant()) {
            throw new UnsupportedOpException(layer.type(), layer.name(), "order computed at run time");
        }
        long[] order = orderIn.longs();
        if (order.length == 0) {
            order = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                order[i] = d.length - 1 - i;
            }
        }
        if (order.length != d.length) {
            throw new InvalidModelException("layer '" + layer.name() + "' (Transpose): order " + Dims.str(order)
                    + " does not match rank " + d.length);
        }
        boolean[] seen = new boolean[d.length];
        int[] strides = Dims.strides(d);
        long[] out = new long[d.length];
        int[] srcStride = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            int axis = Dims.axis(order[i], d.length, layer);
            if (seen[axis]) {
                throw new InvalidModelException("layer '" + layer.name() + "' (Transpose): order "
                        + Dims.str(order) + " is not a permutation");
            }
            seen[axis] = true;
            out[i] = d[axis];
            srcStride[i] = strides[axis];
        }
        return new Transpose(out, in.get(0).type(), srcStride);
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
        float[] in = inputs[0];
        int rank = outShape.length;
        int total = Dims.count(outShape);
        if (rank == 0) {
            output[0] = in[0];
            return;
        }
        int last = rank - 1;
        int lastLen = (int) outShape[last];
        int rows = lastLen == 0 ? 0 : total / lastLen;
        ctx.parallel().forRange(rows, lastLen, (from, to) -> {
            int[] coord = new int[rank];
            int src = 0;
            int rest = from;
            for (int a = last - 1; a >= 0; a--) { // coordinates of row `from`
                coord[a] = (int) (rest % outShape[a]);
                rest /= (int) outShape[a];
                src += coord[a] * srcStride[a];
            }
            for (int row = from; row < to; row++) {
                int o = row * lastLen;
                int s = src;
                for (int i = 0; i < lastLen; i++, s += srcStride[last]) {
                    output[o + i] = in[s];
                }
                for (int a = last - 1; a >= 0; a--) {
                    src += srcStride[a];
                    if (++coord[a] < outShape[a]) {
                        break;
                    }
                    src -= coord[a] * srcStride[a];
                    coord[a] = 0;
                }
            }
        });
    }
}
