package dev.panamaedge.models.ir;

import java.util.Arrays;

/**
 * Element types as OpenVINO IR names them in {@code precision} and {@code element_type} attributes.
 *
 * <p>Sizes are in bits because IR also has sub-byte types (u1, u4, i4); {@link #byteSize(long)} rounds a
 * packed element count up to whole bytes.
 */
public enum ElementType {
    UNDEFINED("undefined", 0),
    BOOLEAN("boolean", 8),
    BF16("bf16", 16),
    F16("f16", 16),
    F32("f32", 32),
    F64("f64", 64),
    I4("i4", 4),
    I8("i8", 8),
    I16("i16", 16),
    I32("i32", 32),
    I64("i64", 64),
    U1("u1", 1),
    U4("u4", 4),
    U8("u8", 8),
    U16("u16", 16),
    U32("u32", 32),
    U64("u64", 64);

    private final String irName;
    private final int bitSize;

    ElementType(String irName, int bitSize) {
        this.irName = irName;
        this.bitSize = bitSize;
    }

    /** The lower-case name used in IR xml ({@code f32}, {@code u8}, …). */
    public String irName() {
        return irName;
    }

    public int bitSize() {
        return bitSize;
    }

    public boolean isFloatingPoint() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** Bytes needed for {@code count} packed elements; throws {@link ArithmeticException} on overflow. */
    public long byteSize(long count) {
        if (this == UNDEFINED) {
            throw new IllegalStateException("undefined element type has no size");
        }
        return Math.ceilDiv(Math.multiplyExact(count, (long) bitSize), 8L);
    }

    /**
     * Parses an IR name case-insensitively; IR writers use both {@code FP32} and {@code f32} spellings.
     *
     * @throws IllegalArgumentException naming the unknown type and the known ones
     */
    public static ElementType fromIrName(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        n = switch (n) {
            case "fp32" -> "f32";
            case "fp16" -> "f16";
            case "fp64" -> "f64";
            case "bool" -> "boolean";
            default -> n;
        };
        for (ElementType t : values()) {
            if (t.irName.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown element type '" + name + "', expected one of "
                + Arrays.stream(values()).map(ElementType::irName).toList());
    }
}
