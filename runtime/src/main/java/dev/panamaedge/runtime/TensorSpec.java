package dev.panamaedge.runtime;

import dev.panamaedge.models.ir.ElementType;
import java.util.Arrays;
import java.util.Objects;

/**
 * Name, element type and (possibly dynamic) shape of a model input or output.
 *
 * @param dims dimensions; {@code -1} marks a dynamic dimension
 */
public record TensorSpec(String name, ElementType type, long[] dims) {
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** True when {@code shape} fits: same rank, equal wherever this spec is static. */
    public boolean accepts(Shape shape) {
        if (shape.rank() != dims.length) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] >= 0 && dims[i] != shape.dim(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && type == t.type && Arrays.equals(dims, t.dims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(dims));
    }

    @Override
    public String toString() {
        return name + ":" + type.irName() + Arrays.toString(dims);
    }
}
