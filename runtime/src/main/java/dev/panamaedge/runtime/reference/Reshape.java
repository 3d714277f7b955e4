package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reshape-1, Squeeze-1 and Unsqueeze-1: the data is unchanged, only the shape moves. The target shape or axes
 * must be constant (they are in every IR the converters write); at run time the op is a copy, since outputs
 * never alias inputs in this engine's buffer plan.
 *
 * <ul>
 *   <li>Reshape: {@code -1} is inferred from the element count (at most one); {@code 0} copies the input dim at
 *       that index when {@code special_zero="true"}, and is a literal zero otherwise.</li>
 *   <li>Squeeze: removes the given axes (each must be 1), or every 1 when there is no axes input.</li>
 *   <li>Unsqueeze: inserts 1s at the given axes of the output (negative counts from the output's end).</li>
 * </ul>
 */
final class Reshape implements Op {
    private final long[] shape;
    private final ElementType type;

    private Reshape(long[] shape, ElementType type) {
        this.shape = shape;
        this.type = type;
    }

    static Reshape create(Layer layer, List<Operand> in) {
        Operand data = in.get(0);
        long[] d = data.shape();
        long[] out = switch (layer.type()) {
            case "Reshape" -> reshape(layer, d, constantInput(layer, in, 1));
            case "Squeeze" -> squeeze(layer, d, in.size() > 1 ? constantInput(layer, in, 1) : null);
            case "Unsqueeze" -> unsqueeze(layer, d, constantInput(layer, in, 1));
            default -> throw new UnsupportedOpException(layer.type(), layer.name(), "not a shape change");
        };
        if (Dims.count(out) != data.count()) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): cannot turn "
                    + Dims.str(d) + " into " + Dims.str(out));
        }
        return new Reshape(out, data.type());
    }

    private static long[] constantInput(Layer layer, List<Operand> in, int index) {
        Operand o = in.get(index);
        if (!o.isConstant()) {
            throw new UnsupportedOpException(layer.type(), layer.name(), "input " + index
                    + " computed at run time; the reference engine needs static shapes");
        }
        return o.longs();
    }

    private static long[] reshape(Layer layer, long[] d, long[] target) {
        boolean specialZero = Attrs.bool(layer, "special_zero", false);
        long[] out = target.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && specialZero) {
                if (i >= d.length) {
                    throw new InvalidModelException("layer '" + layer.name() + "' (Reshape): 0 at index " + i
                            + " copies a dim that input " + Dims.str(d) + " does not have");
                }
                out[i] = d[i];
            }
            if (out[i] == -1) {
                if (inferred >= 0) {
                    throw new InvalidModelException("layer '" + layer.name() + "' (Reshape): target "
                            + Dims.str(target) + " has more than one -1");
                }
                inferred = i;
            } else if (out[i] < 0) {
                throw new InvalidModelException("layer '" + layer.name() + "' (Reshape): target "
                        + Dims.str(target) + " has a negative dim");
            } else {
                known = Math.multiplyExact(known, out[i]);
            }
        }
        if (inferred >= 0) {
            long total = Dims.count(d);
            if (known == 0 || total % known != 0) {
                throw new InvalidModelException("layer '" + layer.name() + "' (Reshape): cannot infer -1 in "
                        + Dims.str(target) + " for input " + Dims.str(d));
            }
            out[inferred] = total / known;
        }
        return out;
    }

    private static long[] squeeze(Layer layer, long[] d, long[] axes) {
        boolean[] drop = new boolean[d.length];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < d.length; i++) {
                drop[i] = d[i] == 1;
            }
        } else {
            for (long a : axes) {
                int axis = Dims.axis(a, d.length, layer);
                if (d[axis] != 1) {
                    throw new InvalidModelException("layer '" + layer.name() + "' (Squeeze): axis " + a + " of "
                            + Dims.str(d) + " is not 1");
                }
                drop[axis] = true;
            }
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            if (!drop[i]) {
                out.add(d[i]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] unsqueeze(Layer layer, long[] d, long[] axes) {
        int rank = d.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int axis = Dims.axis(a, rank, layer);
            if (inserted[axis]) {
                throw new InvalidModelException("layer '" + layer.name() + "' (Unsqueeze): axis " + a + " repeats");
            }
            inserted[axis] = true;
        }
        long[] out = new long[rank];
        int j = 0;
        for (int i = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : d[j++];
        }
        return out;
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
        System.arraycopy(inputs[0], 0, output, 0, Dims.count(shape));
    }
}
