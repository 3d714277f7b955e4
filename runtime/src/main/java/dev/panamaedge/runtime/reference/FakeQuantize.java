package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.Arrays;
import java.util.List;

/**
 * FakeQuantize-1: inputs X, input_low, input_high, output_low, output_high; the four ranges broadcast
 * (numpy) onto X, whose shape the output keeps. Arithmetic in {@link FakeQuantizeKernel}.
 */
final class FakeQuantize implements Op {
    private final long[] shape;
    private final ElementType type;
    private final float levelsMinusOne;
    private final Broadcast broadcast;

    private FakeQuantize(long[] shape, ElementType type, float levelsMinusOne, Broadcast broadcast) {
        this.shape = shape;
        this.type = type;
        this.levelsMinusOne = levelsMinusOne;
        this.broadcast = broadcast;
    }

    static FakeQuantize create(Layer layer, List<Operand> in) {
        long levels = Attrs.longValue(layer, "levels");
        if (levels < 2) {
            throw new InvalidModelException("layer '" + layer.name() + "' (FakeQuantize): levels=" + levels
                    + " must be at least 2");
        }
        String mode = Attrs.string(layer, "auto_broadcast", "numpy");
        if (!mode.equals("numpy") && !mode.equals("none")) {
            throw new UnsupportedOpException(layer.type(), layer.name(), "auto_broadcast=" + mode);
        }
        long[] x = in.get(0).shape();
        long[][] all = new long[5][];
        all[0] = x;
        for (int i = 1; i < 5; i++) {
            long[] r = in.get(i).shape();
            if (!Arrays.equals(Dims.broadcast(x, r, layer), x)) {
                throw new InvalidModelException("layer '" + layer.name() + "' (FakeQuantize): range input " + i
                        + " " + Dims.str(r) + " does not broadcast onto data " + Dims.str(x));
            }
            all[i] = r;
        }
        return new FakeQuantize(x, in.get(0).type(), (float) (levels - 1), Broadcast.of(x, all));
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
        Broadcast bc = broadcast;
        float[][] ranges = {inputs[1], inputs[2], inputs[3], inputs[4]};
        int[] step = {bc.innerStep[1], bc.innerStep[2], bc.innerStep[3], bc.innerStep[4]};
        ctx.parallel().forRange(bc.size(), 4, (from, to) -> {
            int[] start = new int[4];
            bc.forSegments(from, to, (run, lo, hi) -> {
                for (int r = 0; r < 4; r++) {
                    start[r] = bc.offset(r + 1, run, lo);
                }
                FakeQuantizeKernel.apply(vector, levelsMinusOne, inputs[0], bc.offset(0, run, lo), ranges, start,
                        step, output, run * bc.inner + lo, hi - lo);
            });
        });
    }
}
