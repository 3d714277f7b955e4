package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.List;

/**
 * Convert-1. The specification leaves float-to-integer rounding open ("3.141592 may be round to 3") and
 * wraps negative signed values into unsigned types modulo 2^N as C++ does. What OpenVINO's CPU plugin
 * computes, and the reference reproduces:
 *
 * <ul>
 *   <li>float → integer truncates toward zero into int32; NaN and values outside int32 become
 *       {@code Integer.MIN_VALUE} (x86 {@code cvttps2dq}); the int32 then wraps to the destination width
 *       ({@code 300.7 → u8 44}, {@code -1.5 → u8 255}, {@code 128.5 → i8 -128}). 64-bit destinations truncate
 *       directly (Java {@code (long)} cast).</li>
 *   <li>→ boolean: 1 for non-zero, 0 for zero and NaN.</li>
 *   <li>→ f16 / bf16: rounded to nearest even and held widened; → f32/f64 unchanged.</li>
 * </ul>
 *
 * Values stay in float buffers; every integer result of a type up to 16 bits is exact in f32, as are the
 * shape vectors and u8/i8 grids this engine meets.
 */
final class Convert implements Op {
    private final long[] shape;
    private final ElementType destination;

    private Convert(long[] shape, ElementType destination) {
        this.shape = shape;
        this.destination = destination;
    }

    static Convert create(Layer layer, List<Operand> in) {
        ElementType dst;
        try {
            dst = ElementType.fromIrName(layer.requireAttribute("destination_type"));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedOpException(layer.type(), layer.name(), e.getMessage());
        }
        if (!isSupported(dst)) {
            throw new UnsupportedOpException(layer.type(), layer.name(), "destination_type " + dst.irName());
        }
        return new Convert(in.get(0).shape(), dst);
    }

    static boolean isSupported(ElementType t) {
        return switch (t) {
            case UNDEFINED, U1, U4, I4 -> false;
            default -> true;
        };
    }

    @Override
    public long[] outputShape() {
        return shape.clone();
    }

    @Override
    public ElementType outputType() {
        return destination;
    }

    @Override
    public void execute(float[][] inputs, float[] output, RunContext ctx) {
        int n = Dims.count(shape);
        if (destination == ElementType.F32 || destination == ElementType.F64) {
            System.arraycopy(inputs[0], 0, output, 0, n);
            return;
        }
        float[] in = inputs[0];
        ctx.parallel().forRange(n, 2, (from, to) -> {
            for (int i = from; i < to; i++) {
                output[i] = convert(in[i], destination);
            }
        });
    }

    /** One value as {@code destination} would hold it, widened back to float. */
    static float convert(float x, ElementType destination) {
        return switch (destination) {
            case F32, F64 -> x;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(x));
            case BF16 -> toBf16(x);
            case BOOLEAN -> x < 0f || x > 0f ? 1f : 0f;
            case I8 -> (byte) truncate(x);
            case U8 -> truncate(x) & 0xFF;
            case I16 -> (short) truncate(x);
            case U16 -> truncate(x) & 0xFFFF;
            case I32 -> truncate(x);
            case U32 -> truncate(x) & 0xFFFF_FFFFL;
            case I64, U64 -> (long) x;
            case UNDEFINED, U1, U4, I4 -> throw new IllegalStateException("no conversion to " + destination);
        };
    }

    /** x86 {@code cvttps2dq}: truncation toward zero, NaN and out-of-range values give int32's minimum. */
    static int truncate(float x) {
        return x >= -2147483648f && x < 2147483648f ? (int) x : Integer.MIN_VALUE;
    }

    private static float toBf16(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        int bits = Float.floatToRawIntBits(x);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1); // round to nearest even on the dropped 16 bits
        return Float.intBitsToFloat(rounded & 0xFFFF_0000);
    }
}
