package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The value of a constant while graph transforms fold it: element type, shape and the elements as doubles.
 *
 * <p>Doubles hold every f32, f16, 8/16/32-bit integer exactly and i64 shape values up to 2^53, which is all
 * that weight chains and shape constants need. Float arithmetic is rounded back to f32 by the folder so a
 * folded value equals what OpenVINO computes in f32.
 */
record ConstantTensor(ElementType type, long[] dims, double[] values) {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    ConstantTensor {
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
        if (values.length != count(dims)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " holds " + count(dims)
                    + " elements, got " + values.length);
        }
    }

    static ConstantTensor scalar(ElementType type, double value, int rank) {
        long[] dims = new long[rank];
        Arrays.fill(dims, 1);
        return new ConstantTensor(type, dims, new double[] {value});
    }

    static long count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    int size() {
        return values.length;
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    int rank() {
        return dims.length;
    }

    /** True when every element equals the first (a per-tensor parameter stored broadcast). */
    boolean isUniform() {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a {@code Const} layer's bytes.
     *
     * @throws InvalidModelException when the slice does not match the declared shape and type
     */
    static ConstantTensor read(IrModel model, Layer constant) {
        ElementType type = ElementType.fromIrName(constant.requireAttribute("element_type"));
        long[] dims = parseShape(constant);
        MemorySegment data = model.constantData(constant);
        long n = count(dims);
        if (data.byteSize() != type.byteSize(n)) {
            throw new InvalidModelException("Const '" + constant.name() + "': " + type.irName() + Arrays.toString(dims)
                    + " needs " + type.byteSize(n) + " bytes, the IR gives " + data.byteSize());
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (type) {
                case F32 -> data.getAtIndex(F32, i);
                case F16 -> Float.float16ToFloat(data.getAtIndex(I16, i));
                case BF16 -> Float.intBitsToFloat(data.getAtIndex(I16, i) << 16);
                case F64 -> data.getAtIndex(F64, i);
                case I8 -> data.get(ValueLayout.JAVA_BYTE, i);
                case U8, BOOLEAN -> Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, i));
                case I16 -> data.getAtIndex(I16, i);
                case U16 -> Short.toUnsignedInt(data.getAtIndex(I16, i));
                case I32 -> data.getAtIndex(I32, i);
                case U32 -> Integer.toUnsignedLong(data.getAtIndex(I32, i));
                case I64, U64 -> data.getAtIndex(I64, i);
                case UNDEFINED, I4, U4, U1 -> throw new InvalidModelException("Const '" + constant.name()
                        + "': element type " + type.irName() + " cannot be folded");
            };
        }
        return new ConstantTensor(type, dims, v);
    }

    private static long[] parseShape(Layer constant) {
        String s = constant.requireAttribute("shape").trim();
        if (s.isEmpty()) {
            return new long[0];
        }
        try {
            return Arrays.stream(s.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new InvalidModelException("Const '" + constant.name() + "': bad shape '" + s + "'", e);
        }
    }

    /** Little-endian bytes of this tensor in its element type (integers are rounded and saturated). */
    byte[] toBytes() {
        int n = values.length;
        MemorySegment out = MemorySegment.ofArray(new byte[Math.toIntExact(type.byteSize(n))]);
        for (int i = 0; i < n; i++) {
            double v = values[i];
            switch (type) {
                case F32 -> out.setAtIndex(F32, i, (float) v);
                case F16 -> out.setAtIndex(I16, i, Float.floatToFloat16((float) v));
                case F64 -> out.setAtIndex(F64, i, v);
                case I8 -> out.set(ValueLayout.JAVA_BYTE, i, (byte) saturate(v, -128, 127));
                case U8, BOOLEAN -> out.set(ValueLayout.JAVA_BYTE, i, (byte) saturate(v, 0, 255));
                case I16 -> out.setAtIndex(I16, i, (short) saturate(v, Short.MIN_VALUE, Short.MAX_VALUE));
                case U16 -> out.setAtIndex(I16, i, (short) saturate(v, 0, 65535));
                case I32 -> out.setAtIndex(I32, i, (int) saturate(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case U32 -> out.setAtIndex(I32, i, (int) saturate(v, 0, 4294967295L));
                case I64, U64 -> out.setAtIndex(I64, i, Math.round(v));
                case BF16, UNDEFINED, I4, U4, U1 -> throw new IllegalStateException("cannot store " + type.irName());
            }
        }
        return out.toArray(ValueLayout.JAVA_BYTE);
    }

    private static long saturate(double v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, (long) Math.rint(v)));
    }

    String shapeAttribute() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ",").append(dims[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConstantTensor c && type == c.type && Arrays.equals(dims, c.dims)
                && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(dims), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "ConstantTensor[" + type.irName() + Arrays.toString(dims) + "]";
    }
}
