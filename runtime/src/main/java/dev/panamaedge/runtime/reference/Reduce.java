package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.List;

/**
 * ReduceMean-1, ReduceSum-1, ReduceMax-1 and ReduceMin-1: axes from a constant second input (negative
 * allowed, duplicates ignored), {@code keep_dims} default false; empty axes leave the data unchanged.
 *
 * <p>Sums accumulate in double and round once to f32 (OpenVINO's reference compensates its f32 sum with
 * Kahan summation to the same end); the mean is that f32 sum divided by the element count in f32.
 * Every output element's input offsets are precomputed at load, so any axis set runs the same loop.
 */
final class Reduce implements Op {
    enum Kind { MEAN, SUM, MAX, MIN }

    private final Kind kind;
    private final long[] outShape;
    private final ElementType type;
    private final int[] base;
    private final int[] reduced;

    private Reduce(Kind kind, long[] outShape, ElementType type, int[] base, int[] reduced) {
        this.kind = kind;
        this.outShape = outShape;
        this.type = type;
        this.base = base;
        this.reduced = reduced;
    }

    static Reduce create(Layer layer, List<Operand> in) {
        Kind kind = switch (layer.type()) {
            case "ReduceMean" -> Kind.MEAN;
            case "ReduceSum" -> Kind.SUM;
            case "ReduceMax" -> Kind.MAX;
            case "ReduceMin" -> Kind.MIN;
            default -> throw new UnsupportedOpException(layer.type(), layer.name(), "not a reduction");
        };
        Operand data = in.get(0);
        Operand axesIn = in.get(1);
        if (!axesIn.isConstant()) {
            throw new UnsupportedOpException(layer.type(), layer.name(), "axes computed at run time");
        }
        long[] d = data.shape();
        boolean[] isReduced = new boolean[d.length];
        for (long a : axesIn.longs()) {
            isReduced[Dims.axis(a, d.length, layer)] = true;
        }
        boolean keep = Attrs.bool(layer, "keep_dims", false);
        long[] out = keptShape(d, isReduced, keep);
        long[] reducedDims = new long[d.length];
        long[] keptDims = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            reducedDims[i] = isReduced[i] ? d[i] : 1;
            keptDims[i] = isReduced[i] ? 1 : d[i];
        }
        if (Dims.count(reducedDims) == 0) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type()
                    + "): reduces over an empty axis of " + Dims.str(d));
        }
        int[] strides = Dims.strides(d);
        return new Reduce(kind, out, data.type(), offsets(keptDims, strides), offsets(reducedDims, strides));
    }

    private static long[] keptShape(long[] d, boolean[] isReduced, boolean keep) {
        int n = 0;
        for (int i = 0; i < d.length; i++) {
            if (keep || !isReduced[i]) {
                n++;
            }
        }
        long[] out = new long[n];
        int j = 0;
        for (int i = 0; i < d.length; i++) {
            if (keep || !isReduced[i]) {
                out[j++] = isReduced[i] ? 1 : d[i];
            }
        }
        return out;
    }

    /** Row-major walk over {@code dims}, giving each position's offset under the data's {@code strides}. */
    private static int[] offsets(long[] dims, int[] strides) {
        int[] out = new int[Dims.count(dims)];
        int[] coord = new int[dims.length];
        for (int i = 0; i < out.length; i++) {
            int off = 0;
            for (int a = 0; a < dims.length; a++) {
                off += coord[a] * strides[a];
            }
            out[i] = off;
            for (int a = dims.length - 1; a >= 0; a--) {
                if (++coord[a] < dims[a]) {
                    break;
                }
                coord[a] = 0;
            }
        }
        return out;
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
        ctx.parallel().forRange(base.length, reduced.length, (from, to) -> {
            for (int o = from; o < to; o++) {
                output[o] = reduce(in, base[o]);
            }
        });
    }

    private float reduce(float[] in, int start) {
        switch (kind) {
            case MEAN, SUM -> {
                double sum = 0;
                for (int r : reduced) {
                    sum += in[start + r];
                }
                return kind == Kind.SUM ? (float) sum : (float) sum / reduced.length;
            }
            case MAX -> {
                float m = Float.NEGATIVE_INFINITY;
                for (int r : reduced) {
                    m = Math.max(m, in[start + r]);
                }
                return m;
            }
            case MIN -> {
                float m = Float.POSITIVE_INFINITY;
                for (int r : reduced) {
                    m = Math.min(m, in[start + r]);
                }
                return m;
            }
        }
        throw new IllegalStateException(kind.name());
    }
}
