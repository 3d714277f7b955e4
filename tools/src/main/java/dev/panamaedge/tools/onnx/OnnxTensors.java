package dev.panamaedge.tools.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Port;
import dev.panamaedge.tools.onnx.proto.Onnx;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ONNX tensors from IR constants. Both store little-endian row-major bytes, so an initializer is the IR's
 * bytes unchanged in {@code raw_data} (onnx.proto: "raw_data ... stored in little-endian order").
 */
final class OnnxTensors {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private OnnxTensors() {
    }

    /** ONNX's {@code TensorProto.DataType} for an IR element type. */
    static int dataType(ElementType type, String tensor) {
        Onnx.TensorProto.DataType t = switch (type) {
            case F32 -> Onnx.TensorProto.DataType.FLOAT;
            case F16 -> Onnx.TensorProto.DataType.FLOAT16;
            case BF16 -> Onnx.TensorProto.DataType.BFLOAT16;
            case F64 -> Onnx.TensorProto.DataType.DOUBLE;
            case U8 -> Onnx.TensorProto.DataType.UINT8;
            case I8 -> Onnx.TensorProto.DataType.INT8;
            case U16 -> Onnx.TensorProto.DataType.UINT16;
            case I16 -> Onnx.TensorProto.DataType.INT16;
            case I32 -> Onnx.TensorProto.DataType.INT32;
            case I64 -> Onnx.TensorProto.DataType.INT64;
            case U32 -> Onnx.TensorProto.DataType.UINT32;
            case U64 -> Onnx.TensorProto.DataType.UINT64;
            case BOOLEAN -> Onnx.TensorProto.DataType.BOOL;
            case I4 -> Onnx.TensorProto.DataType.INT4;
            case U4 -> Onnx.TensorProto.DataType.UINT4;
            case U1, UNDEFINED -> throw new InvalidModelException("tensor '" + tensor + "': element type "
                    + type.irName() + " has no ONNX equivalent");
        };
        return t.getNumber();
    }

    /** An initializer holding a Const's bytes, with the Const's own element type and dims. */
    static Onnx.TensorProto initializer(String name, Port port, MemorySegment bytes) {
        return initializer(name, port.type(), port.dims(), bytes);
    }

    /** An initializer of {@code bytes} under other dims (a GroupConvolution's weights regrouped, say). */
    static Onnx.TensorProto initializer(String name, ElementType type, long[] dims, MemorySegment bytes) {
        long expected = type.byteSize(count(dims));
        if (bytes.byteSize() != expected) {
            throw new InvalidModelException("constant '" + name + "': " + bytes.byteSize() + " bytes for "
                    + type.irName() + java.util.Arrays.toString(dims) + ", which needs " + expected);
        }
        var t = Onnx.TensorProto.newBuilder().setName(name).setDataType(dataType(type, name));
        for (long d : dims) {
            t.addDims(d);
        }
        // toArray copies any segment (mapped .bin, or the float[] of a generated model) as bytes in native order,
        // little-endian on the CPUs OpenVINO's CPU plugin runs on, as raw_data wants.
        return t.setRawData(UnsafeByteOperations.unsafeWrap(bytes.toArray(ValueLayout.JAVA_BYTE))).build();
    }

    /** A 1-D int64 initializer (Reshape's shape). */
    static Onnx.TensorProto int64s(String name, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.INT64.getNumber())
                .addDims(values.length).setRawData(ByteString.copyFrom(b.flip())).build();
    }

    /** A scalar float initializer (Clip's bounds). */
    static Onnx.TensorProto scalar(String name, float value) {
        ByteBuffer b = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(b.flip())).build();
    }

    /** The values of an i32 or i64 constant (axes, a permutation). */
    static long[] integers(String layer, ElementType type, MemorySegment bytes) {
        int size = switch (type) {
            case I32 -> Integer.BYTES;
            case I64 -> Long.BYTES;
            default -> throw new InvalidModelException("constant '" + layer + "' is " + type.irName()
                    + ", expected i32 or i64");
        };
        long[] out = new long[Math.toIntExact(bytes.byteSize() / size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = size == Long.BYTES ? bytes.getAtIndex(I64, i) : bytes.getAtIndex(I32, i);
        }
        return out;
    }

    private static long count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
