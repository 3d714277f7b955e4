package dev.panamaedge.models.ir;

import java.util.List;
import java.util.Objects;

/**
 * One input or output port of a layer, as in IR's {@code <port id=".." precision=".." names="..">}.
 *
 * @param id    port id, unique within its layer (inputs first, then outputs, by IR convention)
 * @param type  element type; {@link ElementType#UNDEFINED} where IR omits precision (input ports)
 * @param dims  dimensions; {@code -1} marks a dynamic dimension
 * @param names tensor names attached to an output port (empty for input ports)
 */
public record Port(int id, ElementType type, long[] dims, List<String> names) {
    public Port {
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
        names = List.copyOf(names);
        for (long d : dims) {
            if (d < -1) {
                throw new IllegalArgumentException("port " + id + ": dimension " + d + " < -1");
            }
        }
    }

    public Port(int id, ElementType type, long... dims) {
        this(id, type, dims, List.of());
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public boolean isStatic() {
        for (long d : dims) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /** Number of elements; throws for a dynamic shape or on overflow. */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalStateException("port " + id + " has a dynamic shape");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Port p && id == p.id && type == p.type
                && java.util.Arrays.equals(dims, p.dims) && names.equals(p.names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, java.util.Arrays.hashCode(dims), names);
    }

    @Override
    public String toString() {
        return "Port[" + id + " " + type.irName() + java.util.Arrays.toString(dims)
                + (names.isEmpty() ? "" : " " + names) + "]";
    }
}
