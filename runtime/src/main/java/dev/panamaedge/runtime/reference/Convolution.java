package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import java.util.List;

/**
 * Convolution-1 and GroupConvolution-1 (a GroupConvolution is a Convolution whose channels split into
 * independent groups, so one class keeps the geometry and the kernel choice in one place).
 *
 * <p>Data is {@code [N, C, (H,) W]}. Convolution weights are {@code [Cout, Cin, (kh,) kw]}; GroupConvolution
 * weights are {@code [G, Cout/G, Cin/G, (kh,) kw]}, which in memory is the same as G stacked Convolution
 * weight tensors. Per group the kernel is: depthwise (one in and one out channel per group) →
 * {@link DepthwiseConv}; 1×1 stride 1 unpadded → {@link Gemm} straight on the input planes; anything else →
 * {@link Im2col} into scratch, then {@link Gemm}.
 */
final class Convolution implements Op {
    private final ConvGeometry g;
    private final long[] outShape;
    private final ElementType type;
    private final int batch;
    private final int groups;
    private final int inPerGroup;
    private final int outPerGroup;
    private final boolean depthwise;

    private Convolution(ConvGeometry g, long[] outShape, ElementType type, int batch, int groups, int inPerGroup,
                        int outPerGroup) {
        this.g = g;
        this.outShape = outShape;
        this.type = type;
        this.batch = batch;
        this.groups = groups;
        this.inPerGroup = inPerGroup;
        this.outPerGroup = outPerGroup;
        this.depthwise = inPerGroup == 1 && outPerGroup == 1;
    }

    static Convolution create(Layer layer, List<Operand> in, boolean grouped) {
        Operand data = in.get(0);
        Operand weights = in.get(1);
        int rank = data.rank();
        int spatialRank = rank - 2;
        int weightRank = grouped ? rank + 1 : rank;
        if (rank < 3 || weights.rank() != weightRank) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): data "
                    + Dims.str(data.shape()) + " and weights " + Dims.str(weights.shape())
                    + " do not form a 1-D or 2-D " + layer.type());
        }
        long[] d = data.shape();
        long[] w = weights.shape();
        long groupCount = grouped ? w[0] : 1;
        int o = grouped ? 1 : 0;
        long outPerGroup = w[o];
        long inPerGroup = w[o + 1];
        if (groupCount < 1 || inPerGroup * groupCount != d[1]) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): data has "
                    + d[1] + " channels but weights " + Dims.str(w) + " expect " + inPerGroup * groupCount);
        }
        long[] kernel = java.util.Arrays.copyOfRange(w, weightRank - spatialRank, weightRank);
        long[] spatial = java.util.Arrays.copyOfRange(d, 2, rank);
        ConvGeometry g = ConvGeometry.of(layer, spatial, kernel, Attrs.longs(layer, "strides"),
                Attrs.longs(layer, "dilations"), Attrs.longsOr(layer, "pads_begin", new long[spatialRank]),
                Attrs.longsOr(layer, "pads_end", new long[spatialRank]), Attrs.string(layer, "auto_pad", "explicit"),
                false);
        long[] out = new long[rank];
        out[0] = d[0];
        out[1] = groupCount * outPerGroup;
        System.arraycopy(g.outSpatial(spatialRank), 0, out, 2, spatialRank);
        Dims.count(out);
        return new Convolution(g, out, data.type(), (int) d[0], (int) groupCount, (int) inPerGroup,
                (int) outPerGroup);
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
    public int scratchFloats() {
        return depthwise || g.isPointwise() ? 0 : Dims.count(new long[] {inPerGroup, g.kernelArea(), g.outPlane()});
    }

    @Override
    public void execute(float[][] inputs, float[] output, RunContext ctx) {
        execute(inputs, output, ctx, Simd.ENABLED);
    }

    void execute(float[][] inputs, float[] output, RunContext ctx, boolean vector) {
        float[] in = inputs[0];
        float[] w = inputs[1];
        if (depthwise) {
            DepthwiseConv.run(ctx.parallel(), vector, g, groups, batch * groups, in, w, output);
            return;
        }
        int k = inPerGroup * g.kernelArea();
        for (int n = 0; n < batch; n++) {
            for (int grp = 0; grp < groups; grp++) {
                int inOff = (n * groups + grp) * inPerGroup * g.inPlane();
                int outOff = (n * groups + grp) * outPerGroup * g.outPlane();
                int wOff = grp * outPerGroup * k;
                if (g.isPointwise()) {
                    Gemm.multiply(ctx.parallel(), vector, w, wOff, in, inOff, output, outOff, outPerGroup,
                            g.outPlane(), k);
                } else {
                    Im2col.fill(ctx.parallel(), g, inPerGroup, in, inOff, ctx.scratch(), 0);
                    Gemm.multiply(ctx.parallel(), vector, w, wOff, ctx.scratch(), 0, output, outOff, outPerGroup,
                            g.outPlane(), k);
                }
            }
        }
    }
}
