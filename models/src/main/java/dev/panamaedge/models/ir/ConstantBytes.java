package dev.panamaedge.models.ir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Encodes Java arrays as the little-endian bytes IR stores for a {@code Const}, and decodes integer
 * constants back (the shape and axes inputs {@link GraphBuilder} needs for shape inference). Layouts are
 * unaligned because the staging segments are {@code byte[]}-backed.
 */
final class ConstantBytes {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort F16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ConstantBytes() {
    }

    /** f32 as is, f16 rounded to nearest even ({@link Float#floatToFloat16}). */
    static MemorySegment ofFloats(String name, ElementType type, float[] values) {
        MemorySegment s = MemorySegment.ofArray(new byte[Math.toIntExact(type.byteSize(values.length))]);
        switch (type) {
            case F32 -> {
                for (int i = 0; i < values.length; i++) {
                    s.setAtIndex(F32, i, values[i]);
                }
            }
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    s.setAtIndex(F16, i, Float.floatToFloat16(values[i]));
                }
            }
            default -> throw new IllegalArgumentException(name + ": float data needs f32 or f16, got " + type.irName());
        }
        return s;
    }

    /** i32 (each value must fit, else {@link ArithmeticException}) or i64. */
    static MemorySegment ofIntegers(String name, ElementType type, long[] values) {
        if (type != ElementType.I32 && type != ElementType.I64) {
            throw new IllegalArgumentException(name + ": integer data needs i32 or i64, got " + type.irName());
        }
        MemorySegment s = MemorySegment.ofArray(new byte[Math.toIntExact(type.byteSize(values.length))]);
        for (int i = 0; i < values.length; i++) {
            if (type == ElementType.I32) {
                s.setAtIndex(I32, i, Math.toIntExact(values[i]));
            } else {
                s.setAtIndex(I64, i, values[i]);
            }
        }
        return s;
    }

    static long[] toIntegers(ElementType type, MemorySegment bytes) {
        long[] values = new long[Math.toIntExact(bytes.byteSize() / (type.bitSize() / 8))];
        for (int i = 0; i < values.length; i++) {
            values[i] = type == ElementType.I64 ? bytes.getAtIndex(I64, i) : bytes.getAtIndex(I32, i);
        }
        return values;
    }
}
