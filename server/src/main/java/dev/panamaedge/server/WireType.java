package dev.panamaedge.server;

import dev.panamaedge.models.ir.ElementType;
import java.util.Arrays;
import java.util.Optional;

/**
 * KServe v2 tensor datatypes (Open Inference Protocol "Tensor Data Types") and the IR element type each
 * maps to. {@code BYTES} has none: it carries encoded images or strings, each element prefixed with its
 * 4-byte little-endian length in raw form, as Triton and OVMS serialize it.
 */
public enum WireType {
    BOOL(ElementType.BOOLEAN), UINT8(ElementType.U8), UINT16(ElementType.U16), UINT32(ElementType.U32),
    UINT64(ElementType.U64), INT8(ElementType.I8), INT16(ElementType.I16), INT32(ElementType.I32),
    INT64(ElementType.I64), FP16(ElementType.F16), BF16(ElementType.BF16), FP32(ElementType.F32),
    FP64(ElementType.F64), BYTES(null);

    private final ElementType element;

    WireType(ElementType element) {
        this.element = element;
    }

    /** The IR element type, empty for {@code BYTES}. */
    public Optional<ElementType> element() {
        return Optional.ofNullable(element);
    }

    /** Parses a wire datatype name. */
    public static WireType parse(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("datatype is missing; expected one of " + Arrays.toString(values()));
        }
        for (WireType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown datatype '" + name + "'; expected one of "
                + Arrays.toString(values()));
    }

    /** The wire type for an IR element type. */
    public static WireType of(ElementType type) {
        for (WireType t : values()) {
            if (t.element == type) {
                return t;
            }
        }
        throw new IllegalArgumentException("element type " + type.irName() + " has no KServe datatype");
    }
}
