package dev.panamaedge.models.ir;

import java.util.Arrays;

/**
 * Output shapes of the ops {@link GraphBuilder} creates, following the OpenVINO operation specification
 * (docs "Operation Specifications", opset1 unless noted). Every method throws
 * {@link IllegalArgumentException} with the expected versus actual shape when the inputs do not fit.
 */
final class ShapeInference {
    private ShapeInference() {
    }

    /**
     * Convolution-1: {@code out = floor((in + pb + pe - d*(k-1) - 1) / s) + 1} per spatial axis.
     *
     * @param kernel spatial kernel extent, one per spatial axis
     */
    static long[] convolution(String op, long[] input, long outChannels, long[] kernel, long[] strides,
                              long[] padsBegin, long[] padsEnd, long[] dilations) {
        int spatial = input.length - 2;
        if (spatial < 1) {
            throw new IllegalArgumentException(op + ": input must be [N, C, spatial...], got " + Arrays.toString(input));
        }
        requireLength(op, "strides", strides, spatial);
        requireLength(op, "pads_begin", padsBegin, spatial);
        requireLength(op, "pads_end", padsEnd, spatial);
        requireLength(op, "dilations", dilations, spatial);
        requireLength(op, "kernel", kernel, spatial);
        long[] out = new long[input.length];
        out[0] = input[0];
        out[1] = outChannels;
        for (int i = 0; i < spatial; i++) {
            if (strides[i] < 1 || dilations[i] < 1 || padsBegin[i] < 0 || padsEnd[i] < 0) {
                throw new IllegalArgumentException(op + ": strides and dilations must be >= 1 and pads >= 0");
            }
            long extent = input[2 + i] + padsBegin[i] + padsEnd[i] - dilations[i] * (kernel[i] - 1) - 1;
            if (extent < 0) {
                throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(kernel) + " does not fit input "
                        + Arrays.toString(input) + " with the given pads");
            }
            out[2 + i] = Math.floorDiv(extent, strides[i]) + 1;
        }
        return out;
    }

    /** Numpy broadcasting (auto_broadcast="numpy"): align right, each pair equal or one of them 1. */
    static long[] broadcast(String op, long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (numpy rules)");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** ReduceMean-1: axes may be negative; kept axes become 1 when keep_dims, else they disappear. */
    static long[] reduce(String op, long[] input, long[] axes, boolean keepDims) {
        boolean[] reduced = new boolean[input.length];
        for (long axis : axes) {
            reduced[normalizeAxis(op, axis, input.length)] = true;
        }
        return Arrays.stream(indices(input.length))
                .filter(i -> keepDims || !reduced[i])
                .mapToLong(i -> reduced[i] ? 1 : input[i])
                .toArray();
    }

    /** MatMul-1: the last two axes multiply (after optional transposes), leading axes broadcast. */
    static long[] matMul(String op, long[] a, long[] b, boolean transposeA, boolean transposeB) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException(op + ": MatMul inputs need rank >= 2, got " + Arrays.toString(a)
                    + " and " + Arrays.toString(b));
        }
        long rows = transposeA ? a[a.length - 1] : a[a.length - 2];
        long innerA = transposeA ? a[a.length - 2] : a[a.length - 1];
        long innerB = transposeB ? b[b.length - 1] : b[b.length - 2];
        long cols = transposeB ? b[b.length - 2] : b[b.length - 1];
        if (innerA != innerB) {
            throw new IllegalArgumentException(op + ": inner dimensions differ: " + Arrays.toString(a)
                    + (transposeA ? "^T" : "") + " x " + Arrays.toString(b) + (transposeB ? "^T" : ""));
        }
        long[] batch = broadcast(op, Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = rows;
        out[batch.length + 1] = cols;
        return out;
    }

    /** Reshape-1: one -1 is inferred; with special_zero a 0 copies the input dimension at that index. */
    static long[] reshape(String op, long[] input, long[] target, boolean specialZero) {
        long[] out = target.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && specialZero) {
                if (i >= input.length) {
                    throw new IllegalArgumentException(op + ": special zero at " + i + " beyond input rank "
                            + input.length);
                }
                out[i] = input[i];
            }
            if (out[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException(op + ": more than one -1 in " + Arrays.toString(target));
                }
                inferred = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid target dimension in " + Arrays.toString(target));
            } else {
                known = Math.multiplyExact(known, out[i]);
            }
        }
        long count = elementCount(input);
        if (inferred >= 0) {
            if (known == 0 || count % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Arrays.toString(input) + " to "
                        + Arrays.toString(target));
            }
            out[inferred] = count / known;
        } else if (known != count) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Arrays.toString(input) + " ("
                    + count + " elements) to " + Arrays.toString(target) + " (" + known + " elements)");
        }
        return out;
    }

    /** Squeeze-1 with explicit axes: each named axis must have size 1. */
    static long[] squeeze(String op, long[] input, long[] axes) {
        boolean[] drop = new boolean[input.length];
        for (long axis : axes) {
            int a = normalizeAxis(op, axis, input.length);
            if (input[a] != 1) {
                throw new IllegalArgumentException(op + ": cannot squeeze axis " + axis + " of "
                        + Arrays.toString(input) + " (size " + input[a] + ")");
            }
            drop[a] = true;
        }
        return Arrays.stream(indices(input.length)).filter(i -> !drop[i]).mapToLong(i -> input[i]).toArray();
    }

    static int normalizeAxis(String op, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return (int) a;
    }

    static long elementCount(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " is not static");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static void requireLength(String op, String what, long[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(op + ": " + what + " needs " + expected + " values, got "
                    + Arrays.toString(values));
        }
    }

    private static int[] indices(int n) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        return idx;
    }
}
