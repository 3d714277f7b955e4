package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Clamp-1, Relu-1, Sigmoid-1, Exp-1, Abs-1, Negative-1 and Sqrt-1.
 *
 * <p>Clamp is {@code min(max(x, min), max)}, NaN passing through as in OpenVINO's reference; on integer
 * types the bounds are {@code ceil(min)} and {@code floor(max)} as the specification says. Clamp, Relu, Abs
 * and Negative have vector paths, bit-identical to the scalar ones; the transcendental ops stay scalar.
 */
final class UnaryElementwise implements Op {
    enum Kind { CLAMP, RELU, SIGMOID, EXP, ABS, NEGATIVE, SQRT }

    private final Kind kind;
    private final long[] shape;
    private final ElementType type;
    private final float lo;
    private final float hi;

    UnaryElementwise(Kind kind, long[] shape, ElementType type, float lo, float hi) {
        this.kind = kind;
        this.shape = shape;
        this.type = type;
        this.lo = lo;
        this.hi = hi;
    }

    static UnaryElementwise create(Layer layer, List<Operand> in) {
        Operand x = in.get(0);
        Kind kind = switch (layer.type()) {
            case "Clamp" -> Kind.CLAMP;
            case "Relu" -> Kind.RELU;
            case "Sigmoid" -> Kind.SIGMOID;
            case "Exp" -> Kind.EXP;
            case "Abs" -> Kind.ABS;
            case "Negative" -> Kind.NEGATIVE;
            case "Sqrt" -> Kind.SQRT;
            default -> throw new UnsupportedOpException(layer.type(), layer.name(), "not a unary element-wise op");
        };
        float lo = 0f;
        float hi = 0f;
        if (kind == Kind.CLAMP) {
            lo = Attrs.floatValue(layer, "min");
            hi = Attrs.floatValue(layer, "max");
            if (!(lo <= hi)) {
                throw new InvalidModelException("layer '" + layer.name() + "' (Clamp): min " + lo + " > max " + hi);
            }
            if (!x.type().isFloatingPoint()) {
                lo = (float) Math.ceil(lo);
                hi = (float) Math.floor(hi);
            }
        }
        return new UnaryElementwise(kind, x.shape(), x.type(), lo, hi);
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
        execute(inputs, output, ctx, Simd.ENABLED);
    }

    void execute(float[][] inputs, float[] output, RunContext ctx, boolean vector) {
        float[] x = inputs[0];
        ctx.parallel().forRange(Dims.count(shape), 1, (from, to) -> {
            int i = vector ? vectorPrefix(x, output, from, to) : from;
            for (; i < to; i++) {
                output[i] = scalar(x[i]);
            }
        });
    }

    float scalar(float x) {
        return switch (kind) {
            case CLAMP -> Math.min(Math.max(x, lo), hi);
            case RELU -> Math.max(x, 0f);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case EXP -> (float) Math.exp(x);
            case ABS -> Math.abs(x);
            case NEGATIVE -> -x;
            case SQRT -> (float) Math.sqrt(x);
        };
    }

    /** Vector body over {@code [from, ...)}; returns where the scalar tail starts. */
    private int vectorPrefix(float[] x, float[] out, int from, int to) {
        VectorSpecies<Float> s = Simd.F;
        int end = from + s.loopBound(to - from);
        int i = from;
        switch (kind) {
            case CLAMP -> {
                for (; i < end; i += s.length()) {
                    FloatVector.fromArray(s, x, i).max(lo).min(hi).intoArray(out, i);
                }
            }
            case RELU -> {
                for (; i < end; i += s.length()) {
                    FloatVector.fromArray(s, x, i).max(0f).intoArray(out, i);
                }
            }
            case ABS -> {
                for (; i < end; i += s.length()) {
                    FloatVector.fromArray(s, x, i).abs().intoArray(out, i);
                }
            }
            case NEGATIVE -> {
                for (; i < end; i += s.length()) {
                    FloatVector.fromArray(s, x, i).neg().intoArray(out, i);
                }
            }
            case SIGMOID, EXP, SQRT -> {
                // scalar: lane-wise transcendentals round differently from Math.exp
            }
        }
        return i;
    }
}
