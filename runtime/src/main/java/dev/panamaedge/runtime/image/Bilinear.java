package dev.panamaedge.runtime.image;

import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.MemorySegment;

/**
 * Bilinear resampling with half-pixel centres, the convention of OpenCV's {@code INTER_LINEAR} and
 * PyTorch's {@code interpolate(mode="bilinear", align_corners=False, antialias=False)}: output pixel
 * {@code o} samples the input at {@code (o + 0.5) · in/out − 0.5}, clamped to the image.
 *
 * <p>No antialiasing: a strong downscale (more than 2×) samples only the four nearest input pixels,
 * so it aliases where PIL's and torchvision's antialiased resize would average. Interpolated values stay in
 * floats (no rounding back to 8 bits as PIL does), so they can differ from PIL by up to half a grey level.
 *
 * <p>{@link #run} computes only the output window a {@link ResizePlan} describes, separably: each source row
 * the window needs is interpolated horizontally once (adjacent output rows that share a source row reuse it),
 * then each output row is interpolated vertically, normalised and stored in the tensor's element type in the
 * same pass. Per value this is {@code upper = lerp(a, b, fx)}, {@code lower = lerp(c, d, fx)},
 * {@code lerp(upper, lower, fy)}: the same operations as interpolating each output pixel from its four taps.
 */
final class Bilinear {
    private Bilinear() {
    }

    /** For each output index {@code start + i}: the two input indices and the weight of the second. */
    static void taps(int inSize, int outSize, int start, int[] lo, int[] hi, float[] weight) {
        double ratio = (double) inSize / outSize;
        for (int i = 0; i < lo.length; i++) {
            double s = Math.max((start + i + 0.5) * ratio - 0.5, 0.0);
            int l = Math.min((int) s, inSize - 1);
            lo[i] = l;
            hi[i] = Math.min(l + 1, inSize - 1);
            weight[i] = (float) (s - l);
        }
    }

    /**
     * Resizes, normalises and stores one image: the plan's window of interleaved 8-bit pixels {@code src}
     * (pixel {@code (x, y)} at {@code offset + y · rowStride + 3x}) goes to {@code dest} from {@code byteOffset}
     * as {@code type} (f32 little-endian, or u8/i8 clamped and rounded half to even), in the plan's layout
     * ({@code [3][height][width]} or {@code [height][width][3]}).
     *
     * @param vector true for the Vector API kernels, false for their scalar twins (bit-identical results)
     */
    static void run(ResizePlan plan, byte[] src, int offset, int rowStride, Normalization norm, ElementType type,
                    MemorySegment dest, long byteOffset, boolean vector) {
        var rows = new SourceRows(plan, src, offset, rowStride, vector);
        int w = plan.width;
        int h = plan.height;
        long elementBytes = type.byteSize(1);
        for (int y = 0; y < h; y++) {
            float[] top = rows.interpolated(plan.top[y], plan.bottom[y]);
            float[] bottom = rows.interpolated(plan.bottom[y], plan.top[y]);
            float fy = plan.weightY[y];
            if (plan.planar) {
                for (int c = 0; c < 3; c++) {
                    long at = byteOffset + elementBytes * ((long) c * h * w + (long) y * w);
                    vertical(top, bottom, c * w, w, fy, norm, type, dest, at, vector);
                }
            } else {
                vertical(top, bottom, 0, 3 * w, fy, norm, type, dest, byteOffset + elementBytes * 3L * w * y, vector);
            }
        }
    }

    private static void vertical(float[] top, float[] bottom, int from, int count, float fy, Normalization n,
                                 ElementType type, MemorySegment dest, long at, boolean vector) {
        switch (type) {
            case F32 -> {
                if (vector) {
                    ResizeKernels.verticalF32Vector(top, bottom, from, count, fy, n.mean(), n.scale(), n.identity(), dest, at);
                } else {
                    ResizeKernels.verticalF32Scalar(top, bottom, from, count, fy, n.mean(), n.scale(), n.identity(), dest, at);
                }
            }
            case U8 -> bytes(top, bottom, from, count, fy, n, 0, 255, dest, at, vector);
            case I8 -> bytes(top, bottom, from, count, fy, n, -128, 127, dest, at, vector);
            default -> throw new IllegalArgumentException("image input must be f32, u8 or i8, got " + type.irName());
        }
    }

    private static void bytes(float[] top, float[] bottom, int from, int count, float fy, Normalization n, int min,
                              int max, MemorySegment dest, long at, boolean vector) {
        if (vector) {
            ResizeKernels.verticalBytesVector(top, bottom, from, count, fy, n.mean(), n.scale(), n.identity(), min,
                    max, dest, at);
        } else {
            ResizeKernels.verticalBytesScalar(top, bottom, from, count, fy, n.mean(), n.scale(), n.identity(), min,
                    max, dest, at);
        }
    }

    /**
     * Horizontally interpolated source rows, two at a time: the rows of the current output row, so the next
     * output row reuses whichever it shares (always the case when upscaling, often at the edges).
     */
    private static final class SourceRows {
        private final ResizePlan plan;
        private final byte[] src;
        private final int offset;
        private final int rowStride;
        private final boolean vector;
        private final float[][] slots;
        private final int[] held = {-1, -1};
        private final float[] span;

        SourceRows(ResizePlan plan, byte[] src, int offset, int rowStride, boolean vector) {
            this.plan = plan;
            this.src = src;
            this.offset = offset;
            this.rowStride = rowStride;
            this.vector = vector;
            this.slots = new float[][] {new float[plan.rowValues()], new float[plan.rowValues()]};
            this.span = vector ? new float[3 * plan.spanPixels] : null;
        }

        /** Source row {@code row} interpolated, evicting neither it nor {@code keep}. */
        float[] interpolated(int row, int keep) {
            if (held[0] == row) {
                return slots[0];
            }
            if (held[1] == row) {
                return slots[1];
            }
            int s = held[0] == keep ? 1 : 0;
            int base = offset + row * rowStride + 3 * plan.spanStart;
            if (vector) {
                ResizeKernels.widenVector(src, base, span.length, span);
                ResizeKernels.horizontalVector(span, plan.left, plan.right, plan.weightX, slots[s], plan.rowValues());
            } else {
                ResizeKernels.horizontalScalar(src, base, plan.left, plan.right, plan.weightX, slots[s],
                        plan.rowValues());
            }
            held[s] = row;
            return slots[s];
        }
    }
}
