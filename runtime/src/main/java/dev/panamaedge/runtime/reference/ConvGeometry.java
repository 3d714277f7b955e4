package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;

/**
 * The spatial arithmetic shared by Convolution, GroupConvolution and the pooling ops, for one or two spatial
 * dimensions (a 1-D op is a 2-D one with height 1).
 *
 * <p>Padding follows the opset-1 specifications: {@code explicit} (and {@code notset}) take
 * {@code pads_begin}/{@code pads_end}; {@code valid} pads nothing; {@code same_upper}/{@code same_lower} pad
 * so that {@code out = ceil(in / stride)}, splitting the total as evenly as possible and putting the odd
 * pixel at the end (upper) or the beginning (lower).
 */
record ConvGeometry(int inH, int inW, int outH, int outW, int kernelH, int kernelW, int strideH, int strideW,
                    int dilationH, int dilationW, int padTop, int padLeft, int padBottom, int padRight) {

    int inPlane() {
        return inH * inW;
    }

    int outPlane() {
        return outH * outW;
    }

    int kernelArea() {
        return kernelH * kernelW;
    }

    /** True when the op reads every input pixel once at its own position: a 1×1, stride-1, unpadded kernel. */
    boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0
                && outH == inH && outW == inW;
    }

    /**
     * @param spatial  the input's spatial dims (1 or 2 of them)
     * @param kernel   kernel extent per spatial dim
     * @param ceil     pooling's {@code rounding_type="ceil"} (convolutions always floor)
     */
    static ConvGeometry of(Layer layer, long[] spatial, long[] kernel, long[] strides, long[] dilations,
                           long[] padsBegin, long[] padsEnd, String autoPad, boolean ceil) {
        int r = spatial.length;
        if (r < 1 || r > 2) {
            throw new UnsupportedOpException(layer.type(), layer.name(), r + " spatial dimensions; the reference"
                    + " engine implements 1-D and 2-D");
        }
        requireLength(layer, "kernel", kernel, r);
        requireLength(layer, "strides", strides, r);
        requireLength(layer, "dilations", dilations, r);
        long[] in = new long[2];
        long[] k = new long[2];
        long[] s = new long[2];
        long[] d = new long[2];
        long[] pb = new long[2];
        long[] pe = new long[2];
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            int src = i - (2 - r);
            boolean real = src >= 0;
            in[i] = real ? spatial[src] : 1;
            k[i] = real ? kernel[src] : 1;
            s[i] = real ? strides[src] : 1;
            d[i] = real ? dilations[src] : 1;
            if (k[i] < 1 || s[i] < 1 || d[i] < 1) {
                throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): kernel "
                        + Dims.str(kernel) + ", strides " + Dims.str(strides) + " and dilations "
                        + Dims.str(dilations) + " must be positive");
            }
            long effective = (k[i] - 1) * d[i] + 1;
            switch (autoPad) {
                case "same_upper", "same_lower" -> {
                    out[i] = (in[i] + s[i] - 1) / s[i];
                    long total = Math.max(0, (out[i] - 1) * s[i] + effective - in[i]);
                    long small = total / 2;
                    pb[i] = autoPad.equals("same_upper") ? small : total - small;
                    pe[i] = total - pb[i];
                }
                case "valid" -> {
                    pb[i] = 0;
                    pe[i] = 0;
                    out[i] = outSize(in[i], 0, effective, s[i], ceil);
                }
                case "explicit", "notset" -> {
                    if (real) {
                        requireLength(layer, "pads_begin", padsBegin, r);
                        requireLength(layer, "pads_end", padsEnd, r);
                    }
                    pb[i] = real ? padsBegin[src] : 0;
                    pe[i] = real ? padsEnd[src] : 0;
                    if (pb[i] < 0 || pe[i] < 0) {
                        throw new UnsupportedOpException(layer.type(), layer.name(), "negative padding");
                    }
                    out[i] = outSize(in[i], pb[i] + pe[i], effective, s[i], ceil);
                }
                default -> throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type()
                        + "): auto_pad='" + autoPad + "' is not explicit, valid, same_upper or same_lower");
            }
            if (out[i] < 1) {
                throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): input "
                        + Dims.str(spatial) + " is smaller than the dilated kernel " + Dims.str(kernel));
            }
        }
        Dims.count(new long[] {out[0], out[1], k[0], k[1]});
        return new ConvGeometry((int) in[0], (int) in[1], (int) out[0], (int) out[1], (int) k[0], (int) k[1],
                (int) s[0], (int) s[1], (int) d[0], (int) d[1], (int) pb[0], (int) pb[1], (int) pe[0], (int) pe[1]);
    }

    long[] outSpatial(int rank) {
        return rank == 1 ? new long[] {outW} : new long[] {outH, outW};
    }

    private static long outSize(long in, long pads, long effective, long stride, boolean ceil) {
        long span = in + pads - effective;
        if (span < 0) {
            return 0;
        }
        return (ceil ? Math.ceilDiv(span, stride) : span / stride) + 1;
    }

    private static void requireLength(Layer layer, String key, long[] v, int rank) {
        if (v.length != rank) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): " + key + " "
                    + Dims.str(v) + " needs " + rank + " values");
        }
    }
}
