package dev.panamaedge.runtime;

import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dense tensor: element type, fixed shape and a backing {@link MemorySegment} in row-major order,
 * little-endian (the layout OpenVINO and IR weights use).
 *
 * <p>A tensor does not own its memory: the segment's arena (or the heap array behind it) decides its
 * lifetime. Tensors from {@link #ofFloats} and {@link #ofBytes} live on the heap; a native engine copies
 * those, and wraps native segments without copying.
 */
public final class Tensor {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private final ElementType type;
    private final Shape shape;
    private final MemorySegment data;

    private Tensor(ElementType type, Shape shape, MemorySegment data) {
        this.type = type;
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps existing memory.
     *
     * @throws IllegalArgumentException if the segment's size differs from what type and shape need
     */
    public static Tensor wrap(ElementType type, Shape shape, MemorySegment data) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long need = type.byteSize(shape.elementCount());
        if (data.byteSize() != need) {
            throw new IllegalArgumentException("tensor " + type.irName() + shape + " needs " + need
                    + " bytes, segment has " + data.byteSize());
        }
        return new Tensor(type, shape, data);
    }

    /** Zero-filled tensor in {@code arena}, aligned for vector loads. */
    public static Tensor allocate(ElementType type, Shape shape, Arena arena) {
        return new Tensor(type, shape, arena.allocate(type.byteSize(shape.elementCount()), 64));
    }

    /** An f32 tensor on the heap holding a copy of {@code values}. */
    public static Tensor ofFloats(Shape shape, float... values) {
        if (values.length != shape.elementCount()) {
            throw new IllegalArgumentException("shape " + shape + " holds " + shape.elementCount()
                    + " elements, got " + values.length + " values");
        }
        MemorySegment seg = MemorySegment.ofArray(new byte[Math.multiplyExact(values.length, Float.BYTES)]);
        MemorySegment.copy(values, 0, seg, F32, 0, values.length);
        return new Tensor(ElementType.F32, shape, seg);
    }

    /** A tensor of a one-byte type (u8, i8, boolean) on the heap holding a copy of {@code values}. */
    public static Tensor ofBytes(ElementType type, Shape shape, byte... values) {
        if (type.bitSize() != 8) {
            throw new IllegalArgumentException("ofBytes needs a one-byte element type, got " + type.irName());
        }
        if (values.length != shape.elementCount()) {
            throw new IllegalArgumentException("shape " + shape + " holds " + shape.elementCount()
                    + " elements, got " + values.length + " values");
        }
        return new Tensor(type, shape, MemorySegment.ofArray(values.clone()));
    }

    public ElementType type() {
        return type;
    }

    public Shape shape() {
        return shape;
    }

    /** The backing memory (not a copy). */
    public MemorySegment data() {
        return data;
    }

    public long elementCount() {
        return shape.elementCount();
    }

    public long byteSize() {
        return data.byteSize();
    }

    /**
     * Values as floats: f32 copied, f16 widened, 8/16/32/64-bit integers converted (u8 and u16 unsigned).
     *
     * @throws UnsupportedOperationException for sub-byte and undefined types
     */
    public float[] toFloatArray() {
        int n = Math.toIntExact(elementCount());
        float[] out = new float[n];
        switch (type) {
            case F32 -> MemorySegment.copy(data, F32, 0, out, 0, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.float16ToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) data.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 8L * i);
                }
            }
            case U8, BOOLEAN -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, i));
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.get(ValueLayout.JAVA_BYTE, i);
                }
            }
            case U16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Short.toUnsignedInt(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * i));
                }
            }
            case I16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * i);
                }
            }
            case U32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * i));
                }
            }
            case I64, U64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.get(ValueLayout.JAVA_LONG_UNALIGNED, 8L * i);
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * i) << 16);
                }
            }
            case UNDEFINED, I4, U4, U1 -> throw new UnsupportedOperationException(
                    "cannot read " + type.irName() + " elements as floats");
        }
        return out;
    }

    /**
     * Rows {@code [offset, offset + count)} along the first dimension, a view of this tensor's memory (no copy): one
     * request's part of a batch.
     *
     * @throws IllegalArgumentException when the tensor has no first dimension or the rows are outside it
     */
    public Tensor rows(long offset, long count) {
        if (shape.rank() == 0 || offset < 0 || count < 0 || offset + count > shape.dim(0)) {
            throw new IllegalArgumentException("rows [" + offset + ", " + (offset + count) + ") are outside " + this);
        }
        long rowBytes = shape.dim(0) == 0 ? 0 : data.byteSize() / shape.dim(0);
        long[] dims = shape.dims();
        dims[0] = count;
        return new Tensor(type, new Shape(dims), data.asSlice(offset * rowBytes, count * rowBytes));
    }

    /**
     * {@code parts} one after the other along the first dimension, copied once into a heap array: a batch's
     * outputs joined from the parts it ran as.
     *
     * @throws IllegalArgumentException when there are no parts or they differ in element type or in any dimension
     *                                  but the first
     */
    public static Tensor concatRows(List<Tensor> parts) {
        Shape shape = concatShape(parts);
        return concatInto(parts, shape, MemorySegment.ofArray(new byte[Math.toIntExact(
                parts.getFirst().type().byteSize(shape.elementCount()))]));
    }

    /** As {@link #concatRows(List)}, into native memory of {@code arena}, aligned for vector loads. */
    public static Tensor concatRows(List<Tensor> parts, Arena arena) {
        Shape shape = concatShape(parts);
        return concatInto(parts, shape, arena.allocate(parts.getFirst().type().byteSize(shape.elementCount()), 64));
    }

    private static Shape concatShape(List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no tensors to join");
        }
        Tensor first = parts.getFirst();
        if (first.shape.rank() == 0) {
            throw new IllegalArgumentException("a scalar has no rows to join: " + first);
        }
        long[] rest = Arrays.copyOfRange(first.shape.dims(), 1, first.shape.rank());
        long rows = 0;
        for (Tensor t : parts) {
            if (t.type != first.type || t.shape.rank() != first.shape.rank()
                    || !Arrays.equals(Arrays.copyOfRange(t.shape.dims(), 1, t.shape.rank()), rest)) {
                throw new IllegalArgumentException("cannot join " + t + " to " + first + " along the first dimension");
            }
            rows += t.shape.dim(0);
        }
        long[] dims = first.shape.dims();
        dims[0] = rows;
        return new Shape(dims);
    }

    private static Tensor concatInto(List<Tensor> parts, Shape shape, MemorySegment all) {
        long at = 0;
        for (Tensor t : parts) {
            MemorySegment.copy(t.data, 0, all, at, t.byteSize());
            at += t.byteSize();
        }
        return new Tensor(parts.getFirst().type, shape, all);
    }

    /** A heap copy of this tensor, independent of the original memory's lifetime. */
    public Tensor copyToHeap() {
        byte[] bytes = data.toArray(ValueLayout.JAVA_BYTE);
        return new Tensor(type, shape, MemorySegment.ofArray(bytes));
    }

    @Override
    public String toString() {
        return "Tensor[" + type.irName() + shape + "]";
    }
}
