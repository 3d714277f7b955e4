package dev.panamaedge.runtime.reference;

/**
 * Numpy broadcasting of several inputs onto one output shape, reduced to "runs": the output is
 * {@code outer} consecutive runs of {@code inner} elements, and within a run each input either walks along
 * with the output (step 1) or holds one value (step 0). Per-channel parameters on {@code [N,C,H,W]} data
 * become C runs of H·W with the parameter at step 0; equal shapes become a single run.
 *
 * <p>The run start of every input is precomputed at load time, so kernels only add offsets.
 */
final class Broadcast {
    final int inner;
    final int outer;
    final int[] innerStep;
    final int[][] outerOffset;

    private Broadcast(int inner, int outer, int[] innerStep, int[][] outerOffset) {
        this.inner = inner;
        this.outer = outer;
        this.innerStep = innerStep;
        this.outerOffset = outerOffset;
    }

    /** Every input shape must broadcast to {@code out} (checked by the op before). */
    static Broadcast of(long[] out, long[]... inputs) {
        int rank = out.length;
        int n = inputs.length;
        long[][] aligned = new long[n][rank];
        for (int i = 0; i < n; i++) {
            int pad = rank - inputs[i].length;
            for (int d = 0; d < rank; d++) {
                aligned[i][d] = d < pad ? 1 : inputs[i][d - pad];
            }
        }
        // Walk from the last dimension while every input keeps the same present/broadcast pattern.
        int split = rank;
        boolean[] pattern = null;
        for (int d = rank - 1; d >= 0; d--) {
            if (out[d] == 1) {
                split = d;
                continue;
            }
            boolean[] here = new boolean[n];
            for (int i = 0; i < n; i++) {
                here[i] = aligned[i][d] == out[d];
            }
            if (pattern == null) {
                pattern = here;
            } else if (!java.util.Arrays.equals(pattern, here)) {
                break;
            }
            split = d;
        }
        int inner = Dims.product(out, split, rank);
        int outer = Dims.product(out, 0, split);
        int[] innerStep = new int[n];
        for (int i = 0; i < n; i++) {
            innerStep[i] = pattern == null || pattern[i] ? 1 : 0;
        }
        int[][] offsets = new int[n][outer];
        int[] coord = new int[split];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < n; i++) {
                int off = 0;
                int stride = Dims.product(aligned[i], split, rank);
                for (int d = split - 1; d >= 0; d--) {
                    if (aligned[i][d] != 1) {
                        off += coord[d] * stride;
                    }
                    stride *= (int) aligned[i][d];
                }
                offsets[i][o] = off;
            }
            for (int d = split - 1; d >= 0; d--) { // odometer over the outer dims
                if (++coord[d] < out[d]) {
                    break;
                }
                coord[d] = 0;
            }
        }
        return new Broadcast(inner, outer, innerStep, offsets);
    }

    int size() {
        return inner * outer;
    }

    /** A piece of one run: output elements {@code [run*inner + from, run*inner + to)}. */
    @FunctionalInterface
    interface Segment {
        void apply(int run, int from, int to);
    }

    /** Calls {@code body} for the run pieces covering output elements {@code [from, to)}. */
    void forSegments(int from, int to, Segment body) {
        if (inner == 0) {
            return;
        }
        int run = from / inner;
        int pos = from % inner;
        while (from < to) {
            int len = Math.min(inner - pos, to - from);
            body.apply(run, pos, pos + len);
            from += len;
            run++;
            pos = 0;
        }
    }

    /** Start, in input {@code i}, of the piece of run {@code run} that begins at inner position {@code pos}. */
    int offset(int i, int run, int pos) {
        return outerOffset[i][run] + pos * innerStep[i];
    }
}
