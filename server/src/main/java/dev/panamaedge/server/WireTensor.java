package dev.panamaedge.server;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * One input tensor as it arrived, whatever the protocol: name, datatype, shape and raw little-endian
 * row-major bytes ({@code BYTES}: 4-byte little-endian length before each element). Both KServe front ends
 * turn their representations into this, so checking happens once, in {@link Inference}. The data is a view
 * (possibly read-only) of the request's own bytes, so a large tensor is not copied on its way to the engine.
 */
public record WireTensor(String name, WireType type, long[] shape, MemorySegment data) {
    public WireTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("input '" + name + "' has a negative dimension in shape "
                        + Arrays.toString(shape));
            }
        }
    }

    /** A tensor over {@code data} (not copied). */
    public WireTensor(String name, WireType type, long[] shape, byte[] data) {
        this(name, type, shape, MemorySegment.ofArray(Objects.requireNonNull(data, "data")));
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements the shape describes; throws IllegalArgumentException on overflow. */
    public long elementCount() {
        long n = 1;
        try {
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("input '" + name + "' shape " + Arrays.toString(shape)
                    + " is too large", e);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireTensor w && name.equals(w.name) && type == w.type && Arrays.equals(shape, w.shape)
                && data.byteSize() == w.data.byteSize() && data.mismatch(w.data) < 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(shape), Arrays.hashCode(data.toArray(ValueLayout.JAVA_BYTE)));
    }

    @Override
    public String toString() {
        return name + ":" + type + Arrays.toString(shape) + "(" + data.byteSize() + " bytes)";
    }
}
