package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import java.util.Arrays;

/** Shape arithmetic on {@code long[]} dimensions (row-major, as IR and OpenVINO lay tensors out). */
final class Dims {
    /** Activations live in Java arrays, so one tensor holds fewer than 2^31 elements. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Dims() {
    }

    /**
     * Element count as an int.
     *
     * @throws InvalidModelException if the tensor is too large for the reference engine's float arrays
     */
    static int count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new InvalidModelException("shape " + Arrays.toString(dims) + " is dynamic");
            }
            if (d != 0 && n > MAX_ELEMENTS / d) {
                n = MAX_ELEMENTS + 1; // keep going only to reject a negative dim later
            } else {
                n *= d;
            }
        }
        if (n > MAX_ELEMENTS) {
            throw new InvalidModelException("shape " + Arrays.toString(dims) + " holds more than " + MAX_ELEMENTS
                    + " elements, the most the reference engine handles per tensor");
        }
        return (int) n;
    }

    /** Row-major element strides. */
    static int[] strides(long[] dims) {
        int[] s = new int[dims.length];
        int stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= (int) dims[i];
        }
        return s;
    }

    /** Product of {@code dims[from..to)}. */
    static int product(long[] dims, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= dims[i];
        }
        return (int) n;
    }

    /**
     * Normalises a possibly negative axis against {@code rank}.
     *
     * @throws InvalidModelException naming the layer when the axis is out of range
     */
    static int axis(long axis, int rank, Layer layer) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): axis " + axis
                    + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    /** Numpy broadcast of two shapes (OpenVINO {@code auto_broadcast="numpy"}). */
    static long[] broadcast(long[] a, long[] b, Layer layer) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): shapes "
                        + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    static String str(long[] dims) {
        return Arrays.toString(dims);
    }
}
