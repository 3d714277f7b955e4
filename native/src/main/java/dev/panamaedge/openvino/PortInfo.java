package dev.panamaedge.openvino;

import dev.panamaedge.models.ir.ElementType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A model input or output as OpenVINO reports it.
 *
 * @param index       position among the model's inputs (or outputs)
 * @param name        the port's tensor name ({@code ov_port_get_any_name})
 * @param elementType element type
 * @param dims        partial shape; {@code -1} marks a dynamic dimension
 */
public record PortInfo(int index, String name, ElementType elementType, long[] dims) {
    public PortInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elementType, "elementType");
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** True when no dimension is dynamic. */
    public boolean isStatic() {
        return Arrays.stream(dims).allMatch(d -> d >= 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortInfo p && index == p.index && name.equals(p.name) && elementType == p.elementType
                && Arrays.equals(dims, p.dims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, elementType, Arrays.hashCode(dims));
    }

    @Override
    public String toString() {
        return name + ":" + elementType.irName() + Arrays.toString(dims);
    }
}
