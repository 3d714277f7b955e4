package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * Evaluates ops whose inputs are all constants, so weight-dequantization chains
 * ({@code Const(u8) → Convert → Subtract → Multiply → Reshape → Transpose}) become one f32 constant.
 *
 * <p>Semantics follow the OpenVINO opset specification of each op; binary ops use numpy broadcasting
 * ({@code auto_broadcast="numpy"}, the only mode IR converters emit here).
 */
final class ConstantFolder {
    static final Set<String> FOLDABLE = Set.of("Convert", "Subtract", "Multiply", "Add", "Divide", "Reshape",
            "Unsqueeze", "Squeeze", "Transpose", "FakeQuantize");

    private ConstantFolder() {
    }

    static boolean canFold(String type) {
        return FOLDABLE.contains(type);
    }

    static ConstantTensor fold(Layer layer, List<ConstantTensor> in) {
        return switch (layer.type()) {
            case "Convert" -> convert(in.get(0), ElementType.fromIrName(layer.requireAttribute("destination_type")));
            case "Subtract" -> binary(in.get(0), in.get(1), (a, b) -> a - b);
            case "Multiply" -> binary(in.get(0), in.get(1), (a, b) -> a * b);
            case "Add" -> binary(in.get(0), in.get(1), Double::sum);
            case "Divide" -> binary(in.get(0), in.get(1), (a, b) -> a / b);
            case "Reshape" -> reshape(layer, in.get(0), in.get(1));
            case "Unsqueeze" -> unsqueeze(in.get(0), in.get(1));
            case "Squeeze" -> squeeze(in.get(0), in.size() > 1 ? in.get(1) : null);
            case "Transpose" -> transpose(in.get(0), in.get(1));
            case "FakeQuantize" -> fakeQuantize(layer, in);
            default -> throw new UnsupportedOpException(layer.type(), layer.name(), "cannot fold it as a constant");
        };
    }

    static ConstantTensor convert(ConstantTensor x, ElementType to) {
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = round(to, x.values()[i]);
        }
        return new ConstantTensor(to, x.dims(), out);
    }

    /** The value {@code v} stored as {@code type}: f32 rounding, or integer truncation with saturation. */
    private static double round(ElementType type, double v) {
        return switch (type) {
            case F32 -> (float) v;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16((float) v));
            case F64 -> v;
            // opset1 Convert: float to integer truncates toward zero, then the value is clamped to the type.
            case I8 -> Math.max(-128, Math.min(127, (long) v));
            case U8 -> Math.max(0, Math.min(255, (long) v));
            case I32 -> Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, (long) v));
            case I64, U64 -> (long) v;
            default -> throw new UnsupportedOpException("Convert", type.irName(), "no constant folding to this type");
        };
    }

    static ConstantTensor binary(ConstantTensor a, ConstantTensor b, DoubleBinaryOperator op) {
        long[] out = broadcastShape(a.dims(), b.dims());
        ElementType type = a.type();
        double[] r = new double[Math.toIntExact(ConstantTensor.count(out))];
        int[] ia = broadcastIndex(a.dims(), out);
        int[] ib = broadcastIndex(b.dims(), out);
        for (int i = 0; i < r.length; i++) {
            r[i] = round(type, op.applyAsDouble(a.values()[ia[i]], b.values()[ib[i]]));
        }
        return new ConstantTensor(type, out, r);
    }

    static long[] broadcastShape(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new InvalidModelException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** For every element of {@code out}, the flat index of the element of {@code in} it reads (numpy rules). */
    static int[] broadcastIndex(long[] in, long[] out) {
        int n = Math.toIntExact(ConstantTensor.count(out));
        int rank = out.length;
        long[] inStrides = new long[rank];
        long stride = 1;
        for (int i = in.length - 1; i >= 0; i--) {
            int axis = i + rank - in.length;
            inStrides[axis] = in[i] == 1 ? 0 : stride;
            stride *= in[i];
        }
        int[] idx = new int[n];
        long[] counter = new long[rank];
        long flat = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = (int) flat;
            for (int axis = rank - 1; axis >= 0; axis--) {
                counter[axis]++;
                flat += inStrides[axis];
                if (counter[axis] < out[axis]) {
                    break;
                }
                flat -= inStrides[axis] * counter[axis];
                counter[axis] = 0;
            }
        }
        return idx;
    }

    private static ConstantTensor reshape(Layer layer, ConstantTensor x, ConstantTensor shape) {
        boolean specialZero = Boolean.parseBoolean(layer.attribute("special_zero").orElse("false"));
        long[] target = new long[shape.size()];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long d = (long) shape.values()[i];
            if (d == 0 && specialZero) {
                d = x.dims()[i];
            }
            if (d == -1) {
                if (inferred >= 0) {
                    throw new InvalidModelException("Reshape '" + layer.name() + "': more than one -1");
                }
                inferred = i;
            } else {
                known *= d;
            }
            target[i] = d;
        }
        if (inferred >= 0) {
            target[inferred] = x.size() / known;
        }
        if (ConstantTensor.count(target) != x.size()) {
            throw new InvalidModelException("Reshape '" + layer.name() + "': " + Arrays.toString(x.dims())
                    + " cannot become " + Arrays.toString(target));
        }
        return new ConstantTensor(x.type(), target, x.values());
    }

    private static ConstantTensor unsqueeze(ConstantTensor x, ConstantTensor axes) {
        int rank = x.rank() + axes.size();
        boolean[] inserted = new boolean[rank];
        for (double a : axes.values()) {
            int axis = (int) a < 0 ? (int) a + rank : (int) a;
            inserted[axis] = true;
        }
        long[] dims = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            dims[i] = inserted[i] ? 1 : x.dims()[j++];
        }
        return new ConstantTensor(x.type(), dims, x.values());
    }

    private static ConstantTensor squeeze(ConstantTensor x, ConstantTensor axes) {
        boolean[] drop = new boolean[x.rank()];
        if (axes == null) {
            for (int i = 0; i < drop.length; i++) {
                drop[i] = x.dims()[i] == 1;
            }
        } else {
            for (double a : axes.values()) {
                drop[(int) a < 0 ? (int) a + x.rank() : (int) a] = true;
            }
        }
        long[] dims = java.util.stream.IntStream.range(0, x.rank()).filter(i -> !drop[i])
                .mapToLong(i -> x.dims()[i]).toArray();
        return new ConstantTensor(x.type(), dims, x.values());
    }

    static ConstantTensor transpose(ConstantTensor x, ConstantTensor order) {
        int rank = x.rank();
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = order.size() == 0 ? rank - 1 - i : (int) order.values()[i];
        }
        long[] in = x.dims();
        long[] out = new long[rank];
        long[] inStrides = new long[rank];
        long s = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= in[i];
        }
        long[] permStrides = new long[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = in[perm[i]];
            permStrides[i] = inStrides[perm[i]];
        }
        double[] r = new double[x.size()];
        long[] counter = new long[rank];
        long flat = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] = x.values()[(int) flat];
            for (int axis = rank - 1; axis >= 0; axis--) {
                counter[axis]++;
                flat += permStrides[axis];
                if (counter[axis] < out[axis]) {
                    break;
                }
                flat -= permStrides[axis] * counter[axis];
                counter[axis] = 0;
            }
        }
        return new ConstantTensor(x.type(), out, r);
    }

    private static ConstantTensor fakeQuantize(Layer layer, List<ConstantTensor> in) {
        int levels = Integer.parseInt(layer.requireAttribute("levels").trim());
        ConstantTensor x = in.get(0);
        long[] out = x.dims();
        for (int k = 1; k < 5; k++) {
            out = broadcastShape(out, in.get(k).dims());
        }
        int[][] idx = new int[5][];
        for (int k = 0; k < 5; k++) {
            idx[k] = broadcastIndex(in.get(k).dims(), out);
        }
        double[] r = new double[Math.toIntExact(ConstantTensor.count(out))];
        for (int i = 0; i < r.length; i++) {
            r[i] = FakeQuantize.apply((float) x.values()[idx[0][i]], (float) in.get(1).values()[idx[1][i]],
                    (float) in.get(2).values()[idx[2][i]], (float) in.get(3).values()[idx[3][i]],
                    (float) in.get(4).values()[idx[4][i]], levels);
        }
        return new ConstantTensor(x.type(), out, r);
    }
}
