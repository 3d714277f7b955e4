package dev.panamaedge.openvino;

import dev.panamaedge.bindings.openvino.openvino_h;
import dev.panamaedge.models.ir.ElementType;

/**
 * Maps the project's {@link ElementType} to {@code ov_element_type_e} values from the bindings. IR's
 * "undefined" is OpenVINO's {@code DYNAMIC}; OpenVINO types the project has no name for (u2, nf4, f8, string,
 * …) are reported, not guessed.
 */
final class ElementTypeCodes {
    private ElementTypeCodes() {
    }

    static int code(ElementType type) {
        return switch (type) {
            case UNDEFINED -> openvino_h.DYNAMIC();
            case BOOLEAN -> openvino_h.OV_BOOLEAN();
            case BF16 -> openvino_h.BF16();
            case F16 -> openvino_h.F16();
            case F32 -> openvino_h.F32();
            case F64 -> openvino_h.F64();
            case I4 -> openvino_h.I4();
            case I8 -> openvino_h.I8();
            case I16 -> openvino_h.I16();
            case I32 -> openvino_h.I32();
            case I64 -> openvino_h.I64();
            case U1 -> openvino_h.U1();
            case U4 -> openvino_h.U4();
            case U8 -> openvino_h.U8();
            case U16 -> openvino_h.U16();
            case U32 -> openvino_h.U32();
            case U64 -> openvino_h.U64();
        };
    }

    /**
     * @throws UnsupportedOperationException for an OpenVINO element type the project does not model
     */
    static ElementType fromCode(int code) {
        for (ElementType t : ElementType.values()) {
            if (code(t) == code) {
                return t;
            }
        }
        throw new UnsupportedOperationException("OpenVINO element type code " + code
                + " (ov_element_type_e) has no ElementType in this project");
    }
}
