package dev.panamaedge.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.C_INT;
import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;
import static dev.panamaedge.bindings.openvino.openvino_h.OK;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_partial_shape_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_port_get_any_name;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_port_get_element_type;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_port_get_partial_shape;

import dev.panamaedge.bindings.openvino.ov_dimension;
import dev.panamaedge.bindings.openvino.ov_partial_shape;
import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads name, element type and partial shape of an {@code ov_output_const_port_t}, for {@link Model} and
 * {@link CompiledModel}.
 */
final class PortReader {
    private PortReader() {
    }

    /**
     * @param port         a const port, borrowed for the call
     * @param index        the port's position, kept in the result
     * @param fallbackName the name used when the port has no tensor name (OpenVINO then fails
     *                     {@code ov_port_get_any_name}), e.g. {@code input0}
     */
    static PortInfo read(MemorySegment port, int index, String fallbackName, Arena call) {
        MemorySegment nameOut = call.allocate(C_POINTER);
        String name = ov_port_get_any_name(port, nameOut) == OK()
                ? CStrings.takeOwned(nameOut.get(C_POINTER, 0))
                : fallbackName;
        MemorySegment typeOut = call.allocate(C_INT);
        Status.check("ov_port_get_element_type", ov_port_get_element_type(port, typeOut));
        ElementType type = ElementTypeCodes.fromCode(typeOut.get(C_INT, 0));
        return new PortInfo(index, name, type, partialShape(port, name, call));
    }

    /**
     * {@code ov_port_get_partial_shape} allocates the dims array, freed by {@code ov_partial_shape_free}.
     * A dimension is static when its lower and upper bounds agree; otherwise it reads as -1.
     */
    private static long[] partialShape(MemorySegment port, String name, Arena call) {
        MemorySegment shape = ov_partial_shape.allocate(call);
        Status.check("ov_port_get_partial_shape", ov_port_get_partial_shape(port, shape));
        try {
            MemorySegment rank = ov_partial_shape.rank(shape);
            long rankMin = ov_dimension.min(rank);
            if (rankMin != ov_dimension.max(rank) || rankMin < 0) {
                throw new UnsupportedOperationException("port " + name + " has a dynamic rank");
            }
            int n = Math.toIntExact(rankMin);
            long[] dims = new long[n];
            MemorySegment array = ov_partial_shape.dims(shape).reinterpret(n * ov_dimension.sizeof());
            for (int i = 0; i < n; i++) {
                MemorySegment d = ov_dimension.asSlice(array, i);
                long min = ov_dimension.min(d);
                dims[i] = min == ov_dimension.max(d) && min >= 0 ? min : -1;
            }
            return dims;
        } finally {
            ov_partial_shape_free(shape);
        }
    }
}
