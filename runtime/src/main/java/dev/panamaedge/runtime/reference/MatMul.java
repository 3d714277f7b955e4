package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import java.util.List;

/**
 * MatMul-1: {@code transpose_a}/{@code transpose_b} swap the last two dims of an operand of rank ≥ 2; a 1-D
 * A is a row {@code [1, K]} and a 1-D B a column {@code [K, 1]}, whose added dim is dropped from the result;
 * batch dims broadcast (numpy).
 *
 * <p>{@link Gemm} wants both operands row-major and untransposed. A transposed operand is copied into
 * scratch each run, except a constant B (the usual classifier weights, {@code transpose_b="true"}), which is
 * transposed once at load.
 */
final class MatMul implements Op {
    private final long[] outShape;
    private final ElementType type;
    private final int m;
    private final int n;
    private final int k;
    private final boolean transposeA;
    private final boolean transposeB;
    private final float[] packedB;
    private final int batches;
    private final int[] aBatch;
    private final int[] bBatch;

    private MatMul(long[] outShape, ElementType type, int m, int n, int k, boolean transposeA, boolean transposeB,
                   float[] packedB, int[] aBatch, int[] bBatch) {
        this.outShape = outShape;
        this.type = type;
        this.m = m;
        this.n = n;
        this.k = k;
        this.transposeA = transposeA;
        this.transposeB = transposeB;
        this.packedB = packedB;
        this.batches = aBatch.length;
        this.aBatch = aBatch;
        this.bBatch = bBatch;
    }

    static MatMul create(Layer layer, List<Operand> in) {
        Operand a = in.get(0);
        Operand b = in.get(1);
        boolean ta = Attrs.bool(layer, "transpose_a", false) && a.rank() >= 2;
        boolean tb = Attrs.bool(layer, "transpose_b", false) && b.rank() >= 2;
        long[] as = a.rank() == 1 ? new long[] {1, a.shape()[0]} : a.shape();
        long[] bs = b.rank() == 1 ? new long[] {b.shape()[0], 1} : b.shape();
        if (as.length == 0 || bs.length == 0) {
            throw new InvalidModelException("layer '" + layer.name() + "' (MatMul): scalar operands");
        }
        long m = ta ? as[as.length - 1] : as[as.length - 2];
        long ka = ta ? as[as.length - 2] : as[as.length - 1];
        long kb = tb ? bs[bs.length - 1] : bs[bs.length - 2];
        long n = tb ? bs[bs.length - 2] : bs[bs.length - 1];
        if (ka != kb) {
            throw new InvalidModelException("layer '" + layer.name() + "' (MatMul): inner dimensions differ, A "
                    + Dims.str(a.shape()) + (ta ? "ᵀ" : "") + " · B " + Dims.str(b.shape()) + (tb ? "ᵀ" : ""));
        }
        long[] batchA = java.util.Arrays.copyOf(as, as.length - 2);
        long[] batchB = java.util.Arrays.copyOf(bs, bs.length - 2);
        long[] batch = Dims.broadcast(batchA, batchB, layer);
        Broadcast bc = Broadcast.of(batch, batchA, batchB);
        int batches = Dims.count(batch);
        int[] aBatch = new int[batches];
        int[] bBatch = new int[batches];
        int aSize = Dims.count(new long[] {m, ka});
        int bSize = Dims.count(new long[] {kb, n});
        for (int i = 0; i < batches; i++) {
            int run = bc.inner == 0 ? 0 : i / bc.inner;
            int pos = bc.inner == 0 ? 0 : i % bc.inner;
            aBatch[i] = bc.offset(0, run, pos) * aSize;
            bBatch[i] = bc.offset(1, run, pos) * bSize;
        }
        long[] out = new long[batch.length + 2];
        System.arraycopy(batch, 0, out, 0, batch.length);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        if (a.rank() == 1 || b.rank() == 1) {
            out = dropAddedDims(out, a.rank() == 1, b.rank() == 1);
        }
        Dims.count(out);
        float[] packed = null;
        if (tb && b.isConstant()) {
            packed = new float[b.count()];
            int bCount = Dims.count(batchB);
            for (int i = 0; i < bCount; i++) {
                transpose(b.constant(), i * bSize, (int) n, (int) kb, packed, i * bSize);
            }
        }
        return new MatMul(out, a.type(), (int) m, (int) n, (int) ka, ta, tb, packed, aBatch, bBatch);
    }

    private static long[] dropAddedDims(long[] out, boolean rowA, boolean colB) {
        int drop = (rowA ? 1 : 0) + (colB ? 1 : 0);
        long[] r = new long[out.length - drop];
        int j = 0;
        for (int i = 0; i < out.length; i++) {
            boolean added = (rowA && i == out.length - 2) || (colB && i == out.length - 1);
            if (!added) {
                r[j++] = out[i];
            }
        }
        return r;
    }

    /** {@code dst[c][r] = src[r][c]} for a rows×cols block. */
    static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[dstOff + c * rows + r] = src[srcOff + r * cols + c];
            }
        }
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
        return (transposeA ? m * k : 0) + (transposeB && packedB == null ? k * n : 0);
    }

    @Override
    public void execute(float[][] inputs, float[] output, RunContext ctx) {
        execute(inputs, output, ctx, Simd.ENABLED);
    }

    void execute(float[][] inputs, float[] output, RunContext ctx, boolean vector) {
        float[] scratch = ctx.scratch();
        int bScratch = transposeA ? m * k : 0;
        for (int i = 0; i < batches; i++) {
            float[] a = inputs[0];
            int aOff = aBatch[i];
            if (transposeA) {
                transpose(a, aOff, k, m, scratch, 0);
                a = scratch;
                aOff = 0;
            }
            float[] b = packedB != null ? packedB : inputs[1];
            int bOff = bBatch[i];
            if (transposeB && packedB == null) {
                transpose(b, bOff, n, k, scratch, bScratch);
                b = scratch;
                bOff = bScratch;
            }
            Gemm.multiply(ctx.parallel(), vector, a, aOff, b, bOff, output, i * m * n, m, n, k);
        }
    }
}
