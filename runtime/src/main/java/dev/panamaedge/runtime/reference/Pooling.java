package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.Arrays;
import java.util.List;

/**
 * AvgPool-1/AvgPool-14 and MaxPool-1 over {@code [N, C, (H,) W]}, following OpenVINO's reference kernels:
 *
 * <ul>
 *   <li>Output size: {@code (in + pads - kernel) / stride + 1}, floored or, for {@code rounding_type="ceil"},
 *       ceiled. AvgPool-14's {@code ceil_torch} additionally drops a last window that would start in the end
 *       padding.</li>
 *   <li>AvgPool sums the window's in-bounds elements in row-major order in f32 and divides by the number of
 *       in-bounds elements ({@code exclude-pad="true"}) or, when {@code exclude-pad="false"} and any padding
 *       is present, by the full kernel area (windows that a ceil rounding pushes past the padding too).</li>
 *   <li>MaxPool takes the maximum of the in-bounds elements; padding never wins.</li>
 * </ul>
 *
 * Scalar only: pooling is a sliver of MobileNet's time (one global average).
 */
final class Pooling implements Op {
    private final boolean average;
    private final boolean padsInAverage;
    private final ConvGeometry g;
    private final long[] outShape;
    private final ElementType type;
    private final int planes;

    private Pooling(boolean average, boolean padsInAverage, ConvGeometry g, long[] outShape, ElementType type,
                    int planes) {
        this.average = average;
        this.padsInAverage = padsInAverage;
        this.g = g;
        this.outShape = outShape;
        this.type = type;
        this.planes = planes;
    }

    static Pooling create(Layer layer, List<Operand> in) {
        boolean average = layer.type().equals("AvgPool");
        long[] d = in.get(0).shape();
        int rank = d.length;
        if (rank < 3) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): input "
                    + Dims.str(d) + " has no spatial dimensions");
        }
        int spatialRank = rank - 2;
        String rounding = Attrs.string(layer, "rounding_type", "floor");
        boolean torch = rounding.equals("ceil_torch");
        if (!rounding.equals("floor") && !rounding.equals("ceil") && !(torch && average)) {
            throw new UnsupportedOpException(layer.type(), layer.name(), "rounding_type=" + rounding);
        }
        long[] kernel = Attrs.longs(layer, "kernel");
        long[] padsBegin = Attrs.longsOr(layer, "pads_begin", new long[spatialRank]);
        long[] padsEnd = Attrs.longsOr(layer, "pads_end", new long[spatialRank]);
        long[] spatial = Arrays.copyOfRange(d, 2, rank);
        long[] ones = new long[spatialRank];
        Arrays.fill(ones, 1);
        String autoPad = Attrs.string(layer, "auto_pad", "explicit");
        ConvGeometry g = ConvGeometry.of(layer, spatial, kernel, Attrs.longs(layer, "strides"), ones, padsBegin,
                padsEnd, autoPad, !rounding.equals("floor"));
        if (torch) {
            g = dropWindowsStartingInPadding(g);
        }
        long[] out = new long[rank];
        out[0] = d[0];
        out[1] = d[1];
        System.arraycopy(g.outSpatial(spatialRank), 0, out, 2, spatialRank);
        boolean excludePad = Attrs.bool(layer, "exclude-pad", false);
        boolean anyPadding = g.padTop() + g.padLeft() + g.padBottom() + g.padRight() > 0;
        return new Pooling(average, !excludePad && anyPadding, g, out, in.get(0).type(),
                Dims.product(d, 0, 2));
    }

    private static ConvGeometry dropWindowsStartingInPadding(ConvGeometry g) {
        int outH = g.outH();
        int outW = g.outW();
        if ((long) (outH - 1) * g.strideH() >= g.inH() + g.padTop()) {
            outH--;
        }
        if ((long) (outW - 1) * g.strideW() >= g.inW() + g.padLeft()) {
            outW--;
        }
        return new ConvGeometry(g.inH(), g.inW(), outH, outW, g.kernelH(), g.kernelW(), g.strideH(), g.strideW(),
                1, 1, g.padTop(), g.padLeft(), g.padBottom(), g.padRight());
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
        ctx.parallel().forRange(planes, (long) g.outPlane() * g.kernelArea(), (from, to) -> {
            for (int p = from; p < to; p++) {
                plane(in, p * g.inPlane(), output, p * g.outPlane());
            }
        });
    }

    private void plane(float[] in, int inBase, float[] out, int outBase) {
        for (int oy = 0; oy < g.outH(); oy++) {
            int y0 = oy * g.strideH() - g.padTop();
            int ya = Math.max(0, y0);
            int yb = Math.min(g.inH(), y0 + g.kernelH());
            for (int ox = 0; ox < g.outW(); ox++) {
                int x0 = ox * g.strideW() - g.padLeft();
                int xa = Math.max(0, x0);
                int xb = Math.min(g.inW(), x0 + g.kernelW());
                float acc = average ? 0f : Float.NEGATIVE_INFINITY;
                for (int y = ya; y < yb; y++) {
                    int row = inBase + y * g.inW();
                    for (int x = xa; x < xb; x++) {
                        acc = average ? acc + in[row + x] : Math.max(acc, in[row + x]);
                    }
                }
                int inBounds = Math.max(0, yb - ya) * Math.max(0, xb - xa);
                if (average) {
                    int count = padsInAverage ? g.kernelArea() : inBounds;
                    acc = count == 0 ? 0f : acc / count;
                } else if (inBounds == 0) {
                    acc = 0f;
                }
                out[outBase + oy * g.outW() + ox] = acc;
            }
        }
    }
}
