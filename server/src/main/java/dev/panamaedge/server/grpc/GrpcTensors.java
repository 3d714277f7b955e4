package dev.panamaedge.server.grpc;

import com.google.protobuf.ByteString;
import java.lang.foreign.MemorySegment;
import dev.panamaedge.server.WireTensor;
import dev.panamaedge.server.WireType;
import dev.panamaedge.server.grpc.inference.InferTensorContents;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * ModelInfer inputs to raw tensors: {@code raw_input_contents} taken as they are (one per input, in order),
 * or the typed {@code contents} field that matches the datatype encoded little-endian. Mixing both in one
 * request is refused, as the protocol says.
 */
final class GrpcTensors {
    private GrpcTensors() {
    }

    static List<WireTensor> inputs(ModelInferRequest request) {
        if (request.getInputsCount() == 0) {
            throw new IllegalArgumentException("ModelInferRequest has no inputs");
        }
        int raw = request.getRawInputContentsCount();
        if (raw > 0 && raw != request.getInputsCount()) {
            throw new IllegalArgumentException("raw_input_contents has " + raw + " entries for "
                    + request.getInputsCount() + " inputs; it needs one per input, in order");
        }
        List<WireTensor> out = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor in = request.getInputs(i);
            if (in.getName().isEmpty()) {
                throw new IllegalArgumentException("inputs[" + i + "].name is missing");
            }
            WireType type = WireType.parse(in.getDatatype());
            long[] shape = new long[in.getShapeCount()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.getShape(d);
            }
            MemorySegment data;
            if (raw > 0) {
                if (in.hasContents()) {
                    throw new IllegalArgumentException("input '" + in.getName()
                            + "' has contents although raw_input_contents is used");
                }
                // A view of protobuf's own bytes: the engine copies them into its input buffer anyway.
                data = MemorySegment.ofBuffer(request.getRawInputContents(i).asReadOnlyByteBuffer());
            } else if (in.hasContents()) {
                data = MemorySegment.ofArray(typed(in.getName(), type, in.getContents()));
            } else {
                throw new IllegalArgumentException("input '" + in.getName() + "' has no contents and there are no "
                        + "raw_input_contents");
            }
            out.add(new WireTensor(in.getName(), type, shape, data));
        }
        return out;
    }

    private static byte[] typed(String name, WireType type, InferTensorContents c) {
        return switch (type) {
            case FP32 -> {
                ByteBuffer b = le(c.getFp32ContentsCount() * 4);
                c.getFp32ContentsList().forEach(b::putFloat);
                yield b.array();
            }
            case FP64 -> {
                ByteBuffer b = le(c.getFp64ContentsCount() * 8);
                c.getFp64ContentsList().forEach(b::putDouble);
                yield b.array();
            }
            case INT64 -> {
                ByteBuffer b = le(c.getInt64ContentsCount() * 8);
                c.getInt64ContentsList().forEach(b::putLong);
                yield b.array();
            }
            case UINT64 -> {
                ByteBuffer b = le(c.getUint64ContentsCount() * 8);
                c.getUint64ContentsList().forEach(b::putLong);
                yield b.array();
            }
            case INT32 -> {
                ByteBuffer b = le(c.getIntContentsCount() * 4);
                c.getIntContentsList().forEach(b::putInt);
                yield b.array();
            }
            case UINT32 -> {
                ByteBuffer b = le(c.getUintContentsCount() * 4);
                c.getUintContentsList().forEach(b::putInt);
                yield b.array();
            }
            case INT8, INT16 -> narrow(name, type, c.getIntContentsList(), type == WireType.INT8 ? 1 : 2, true);
            case UINT8, UINT16 -> narrow(name, type, c.getUintContentsList(), type == WireType.UINT8 ? 1 : 2, false);
            case BOOL -> {
                ByteBuffer b = le(c.getBoolContentsCount());
                c.getBoolContentsList().forEach(v -> b.put((byte) (v ? 1 : 0)));
                yield b.array();
            }
            case BYTES -> {
                int total = c.getBytesContentsList().stream().mapToInt(s -> 4 + s.size()).sum();
                ByteBuffer b = le(total);
                for (ByteString s : c.getBytesContentsList()) {
                    b.putInt(s.size()).put(s.asReadOnlyByteBuffer());
                }
                yield b.array();
            }
            case FP16, BF16 -> throw new IllegalArgumentException("input '" + name + "' is " + type
                    + ", which has no typed contents field; send it in raw_input_contents");
        };
    }

    private static byte[] narrow(String name, WireType type, List<Integer> values, int width, boolean signed) {
        long min = signed ? -(1L << (8 * width - 1)) : 0;
        long max = signed ? (1L << (8 * width - 1)) - 1 : (1L << (8 * width)) - 1;
        ByteBuffer b = le(values.size() * width);
        for (int i = 0; i < values.size(); i++) {
            long v = signed ? values.get(i) : Integer.toUnsignedLong(values.get(i));
            if (v < min || v > max) {
                throw new IllegalArgumentException("input '" + name + "' element " + i + " = " + v
                        + " is out of range for " + type);
            }
            if (width == 1) {
                b.put((byte) v);
            } else {
                b.putShort((short) v);
            }
        }
        return b.array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
