package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Moves element data between little-endian {@link MemorySegment}s (tensors, IR weights) and the engine's
 * float buffers. Offsets are {@code long} byte offsets; the caller has checked sizes.
 */
final class TensorCodec {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    private TensorCodec() {
    }

    static boolean isSupported(ElementType t) {
        return t != ElementType.UNDEFINED && t != ElementType.U1;
    }

    /** Reads {@code count} elements of {@code type} from {@code src} into {@code dst[0..count)}. */
    static void decode(MemorySegment src, ElementType type, int count, float[] dst) {
        switch (type) {
            case F32 -> MemorySegment.copy(src, F32, 0, dst, 0, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = Float.float16ToFloat(src.get(I16, 2L * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = Float.intBitsToFloat(src.get(I16, 2L * i) << 16);
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = (float) src.get(F64, 8L * i);
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = src.get(I8, i);
                }
            }
            case U8, BOOLEAN -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = Byte.toUnsignedInt(src.get(I8, i));
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = src.get(I16, 2L * i);
                }
            }
            case U16 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = Short.toUnsignedInt(src.get(I16, 2L * i));
                }
            }
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = src.get(I32, 4L * i);
                }
            }
            case U32 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = Integer.toUnsignedLong(src.get(I32, 4L * i));
                }
            }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = src.get(I64, 8L * i);
                }
            }
            case U64 -> {
                for (int i = 0; i < count; i++) {
                    long v = src.get(I64, 8L * i);
                    dst[i] = v >= 0 ? v : (float) (v >>> 1) * 2f;
                }
            }
            // OpenVINO packs 4-bit elements two per byte, the first in the low nibble.
            case U4 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = (src.get(I8, i >>> 1) >> ((i & 1) * 4)) & 0xF;
                }
            }
            case I4 -> {
                for (int i = 0; i < count; i++) {
                    int nibble = (src.get(I8, i >>> 1) >> ((i & 1) * 4)) & 0xF;
                    dst[i] = nibble >= 8 ? nibble - 16 : nibble;
                }
            }
            case U1, UNDEFINED -> throw new IllegalArgumentException("cannot decode " + type.irName() + " elements");
        }
    }

    /** A heap tensor of {@code type} holding {@code src[0..count)}, integers converted as {@link Convert} does. */
    static Tensor encode(float[] src, ElementType type, Shape shape) {
        int count = Math.toIntExact(shape.elementCount());
        MemorySegment dst = MemorySegment.ofArray(new byte[Math.toIntExact(type.byteSize(count))]);
        switch (type) {
            case F32 -> MemorySegment.copy(src, 0, dst, F32, 0, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(I16, 2L * i, Float.floatToFloat16(src[i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(I16, 2L * i, (short) (Float.floatToRawIntBits(Convert.convert(src[i], type)) >>> 16));
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(F64, 8L * i, src[i]);
                }
            }
            case I8, U8, BOOLEAN -> {
                for (int i = 0; i < count; i++) {
                    dst.set(I8, i, (byte) (int) Convert.convert(src[i], type));
                }
            }
            case I16, U16 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(I16, 2L * i, (short) (int) Convert.convert(src[i], type));
                }
            }
            case I32, U32 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(I32, 4L * i, (int) (long) Convert.convert(src[i], type));
                }
            }
            case I64, U64 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(I64, 8L * i, (long) src[i]);
                }
            }
            case U4, I4, U1, UNDEFINED -> throw new IllegalArgumentException("cannot encode " + type.irName()
                    + " elements");
        }
        return Tensor.wrap(type, shape, dst);
    }
}
