package dev.panamaedge.runtime.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product {@code C = A · B}, row-major, no transposes: A is m×k, B is k×n, C is m×n.
 * It carries 1×1 convolutions (A = weights, B = the input planes), im2col convolutions and MatMul.
 *
 * <p>Work is cut into units of {@value #ROWS} rows × {@value #TILE_N} columns, ordered column-tile first so a
 * thread's consecutive units reuse one k×{@value #TILE_N} tile of B from L2 while the rows of A stream past.
 *
 * <p>Both paths accumulate every output element over {@code p = 0..k-1} in order with fused multiply-adds
 * starting from +0, so the vector kernel is bit-identical to its scalar twin (the tests assert equality).
 */
final class Gemm {
    static final int ROWS = 4;
    static final int TILE_N = 128;

    private Gemm() {
    }

    static void multiply(Parallel parallel, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                         int m, int n, int k) {
        multiply(parallel, Simd.ENABLED, a, aOff, b, bOff, c, cOff, m, n, k);
    }

    /** As {@link #multiply(Parallel, float[], int, float[], int, float[], int, int, int, int)}, path chosen by the caller (tests). */
    static void multiply(Parallel parallel, boolean vector, float[] a, int aOff, float[] b, int bOff, float[] c,
                         int cOff, int m, int n, int k) {
        int rowBlocks = (m + ROWS - 1) / ROWS;
        int colTiles = (n + TILE_N - 1) / TILE_N;
        long work = (long) ROWS * Math.min(n, TILE_N) * Math.max(k, 1);
        parallel.forRange(rowBlocks * colTiles, work, (from, to) -> {
            for (int u = from; u < to; u++) {
                int tile = u / rowBlocks;
                int block = u % rowBlocks;
                int i0 = block * ROWS;
                int i1 = Math.min(m, i0 + ROWS);
                int j0 = tile * TILE_N;
                int j1 = Math.min(n, j0 + TILE_N);
                if (vector) {
                    vectorBlock(a, aOff, b, bOff, c, cOff, n, k, i0, i1, j0, j1);
                } else {
                    scalarBlock(a, aOff, b, bOff, c, cOff, n, k, i0, i1, j0, j1);
                }
            }
        });
    }

    /** The oracle: rows {@code [i0, i1)} × columns {@code [j0, j1)} of C. */
    static void scalarBlock(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k,
                            int i0, int i1, int j0, int j1) {
        for (int i = i0; i < i1; i++) {
            int cRow = cOff + i * n;
            for (int j = j0; j < j1; j++) {
                c[cRow + j] = 0f;
            }
            int aRow = aOff + i * k;
            for (int p = 0; p < k; p++) {
                float av = a[aRow + p];
                int bRow = bOff + p * n;
                for (int j = j0; j < j1; j++) {
                    c[cRow + j] = Math.fma(av, b[bRow + j], c[cRow + j]);
                }
            }
        }
    }

    static void vectorBlock(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k,
                            int i0, int i1, int j0, int j1) {
        int i = i0;
        for (; i + ROWS <= i1; i += ROWS) {
            fourRows(a, aOff + i * k, b, bOff, c, cOff + i * n, n, k, j0, j1);
        }
        for (; i < i1; i++) {
            oneRow(a, aOff + i * k, b, bOff, c, cOff + i * n, n, k, j0, j1);
        }
    }

    /** Register tile of 4 rows × 2 vectors: per p, two loads of B and four broadcasts of A feed eight FMAs. */
    private static void fourRows(float[] a, int a0, float[] b, int bOff, float[] c, int c0, int n, int k,
                                 int j0, int j1) {
        VectorSpecies<Float> s = Simd.F;
        int lanes = s.length();
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int c1 = c0 + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        int j = j0;
        for (; j + 2 * lanes <= j1; j += 2 * lanes) {
            FloatVector r00 = FloatVector.zero(s);
            FloatVector r01 = FloatVector.zero(s);
            FloatVector r10 = FloatVector.zero(s);
            FloatVector r11 = FloatVector.zero(s);
            FloatVector r20 = FloatVector.zero(s);
            FloatVector r21 = FloatVector.zero(s);
            FloatVector r30 = FloatVector.zero(s);
            FloatVector r31 = FloatVector.zero(s);
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += n) {
                FloatVector x0 = FloatVector.fromArray(s, b, bp);
                FloatVector x1 = FloatVector.fromArray(s, b, bp + lanes);
                FloatVector w = FloatVector.broadcast(s, a[a0 + p]);
                r00 = x0.fma(w, r00);
                r01 = x1.fma(w, r01);
                w = FloatVector.broadcast(s, a[a1 + p]);
                r10 = x0.fma(w, r10);
                r11 = x1.fma(w, r11);
                w = FloatVector.broadcast(s, a[a2 + p]);
                r20 = x0.fma(w, r20);
                r21 = x1.fma(w, r21);
                w = FloatVector.broadcast(s, a[a3 + p]);
                r30 = x0.fma(w, r30);
                r31 = x1.fma(w, r31);
            }
            r00.intoArray(c, c0 + j);
            r01.intoArray(c, c0 + j + lanes);
            r10.intoArray(c, c1 + j);
            r11.intoArray(c, c1 + j + lanes);
            r20.intoArray(c, c2 + j);
            r21.intoArray(c, c2 + j + lanes);
            r30.intoArray(c, c3 + j);
            r31.intoArray(c, c3 + j + lanes);
        }
        for (; j + lanes <= j1; j += lanes) {
            FloatVector r0 = FloatVector.zero(s);
            FloatVector r1 = FloatVector.zero(s);
            FloatVector r2 = FloatVector.zero(s);
            FloatVector r3 = FloatVector.zero(s);
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += n) {
                FloatVector x = FloatVector.fromArray(s, b, bp);
                r0 = x.fma(FloatVector.broadcast(s, a[a0 + p]), r0);
                r1 = x.fma(FloatVector.broadcast(s, a[a1 + p]), r1);
                r2 = x.fma(FloatVector.broadcast(s, a[a2 + p]), r2);
                r3 = x.fma(FloatVector.broadcast(s, a[a3 + p]), r3);
            }
            r0.intoArray(c, c0 + j);
            r1.intoArray(c, c1 + j);
            r2.intoArray(c, c2 + j);
            r3.intoArray(c, c3 + j);
        }
        for (; j < j1; j++) { // scalar tail: same order as the twin
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += n) {
                float x = b[bp];
                s0 = Math.fma(a[a0 + p], x, s0);
                s1 = Math.fma(a[a1 + p], x, s1);
                s2 = Math.fma(a[a2 + p], x, s2);
                s3 = Math.fma(a[a3 + p], x, s3);
            }
            c[c0 + j] = s0;
            c[c1 + j] = s1;
            c[c2 + j] = s2;
            c[c3 + j] = s3;
        }
    }

    private static void oneRow(float[] a, int a0, float[] b, int bOff, float[] c, int c0, int n, int k,
                               int j0, int j1) {
        VectorSpecies<Float> s = Simd.F;
        int lanes = s.length();
        int j = j0;
        for (; j + lanes <= j1; j += lanes) {
            FloatVector r = FloatVector.zero(s);
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += n) {
                r = FloatVector.fromArray(s, b, bp).fma(FloatVector.broadcast(s, a[a0 + p]), r);
            }
            r.intoArray(c, c0 + j);
        }
        for (; j < j1; j++) {
            float acc = 0f;
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += n) {
                acc = Math.fma(a[a0 + p], b[bp], acc);
            }
            c[c0 + j] = acc;
        }
    }
}
