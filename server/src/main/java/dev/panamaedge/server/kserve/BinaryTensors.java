package dev.panamaedge.server.kserve;

import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.server.Inference;
import dev.panamaedge.server.WireTensor;
import dev.panamaedge.server.WireType;
import dev.panamaedge.server.triton.TopKClassification;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The KServe binary tensor data extension (Triton's "binary_data" protocol extension): input tensors whose
 * {@code parameters.binary_data_size} is set are read, in input order, from the bytes after the JSON header;
 * outputs asked for as binary are appended after the response's JSON header.
 */
final class BinaryTensors {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private BinaryTensors() {
    }

    /** The request's inputs as raw tensors, taking binary ones from {@code body} after {@code jsonLength}. */
    static List<WireTensor> inputs(InferenceRequest request, byte[] body, int jsonLength) {
        List<WireTensor> out = new ArrayList<>(request.inputs().size());
        int offset = jsonLength;
        for (int i = 0; i < request.inputs().size(); i++) {
            RequestInput in = request.inputs().get(i);
            String where = "$.inputs[" + i + "]";
            if (in == null || in.name() == null || in.name().isEmpty()) {
                throw new IllegalArgumentException(where + ".name is missing");
            }
            if (in.shape() == null) {
                throw new IllegalArgumentException(where + ".shape is missing for input '" + in.name() + "'");
            }
            WireType type = WireType.parse(in.datatype());
            long binarySize = binarySize(in, where);
            MemorySegment data;
            if (binarySize >= 0) {
                if (in.data() != null) {
                    throw new IllegalArgumentException(where + " has both data and binary_data_size");
                }
                if (binarySize > body.length - offset) {
                    throw new IllegalArgumentException("input '" + in.name() + "' declares binary_data_size "
                            + binarySize + " but only " + (body.length - offset) + " binary bytes remain");
                }
                data = MemorySegment.ofArray(body).asSlice(offset, binarySize);
                offset += (int) binarySize;
            } else if (in.data() != null) {
                data = MemorySegment.ofArray(in.data().encode(type, in.name()));
            } else {
                throw new IllegalArgumentException(where + " (input '" + in.name()
                        + "') has neither data nor parameters.binary_data_size");
            }
            out.add(new WireTensor(in.name(), type, in.shape(), data));
        }
        if (offset != body.length) {
            throw new IllegalArgumentException((body.length - offset) + " bytes of binary data after the inputs "
                    + "are not claimed by any binary_data_size");
        }
        return out;
    }

    private static long binarySize(RequestInput in, String where) {
        if (in.parameters() == null || !in.parameters().containsKey("binary_data_size")) {
            return -1;
        }
        Object v = in.parameters().get("binary_data_size");
        if (v instanceof Number n && n.longValue() >= 0 && n.doubleValue() == n.longValue()) {
            return n.longValue();
        }
        throw new IllegalArgumentException(where + ".parameters.binary_data_size must be a non-negative integer, got "
                + v);
    }

    static boolean flag(Map<String, Object> parameters, String key) {
        if (parameters == null || !parameters.containsKey(key)) {
            return false;
        }
        if (parameters.get(key) instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("parameter " + key + " must be true or false, got " + parameters.get(key));
    }

    /** One response output: binary (appended to {@code binary}) or JSON data as a primitive array. */
    static ResponseOutput output(Inference.Output o, boolean asBinary, ByteArrayOutputStream binary) {
        Tensor t = o.tensor();
        long[] shape = t.shape().dims();
        if (asBinary) {
            byte[] bytes = t.data().toArray(ValueLayout.JAVA_BYTE);
            binary.writeBytes(bytes);
            return new ResponseOutput(o.name(), o.type().name(), shape, Map.of("binary_data_size", bytes.length), null);
        }
        return new ResponseOutput(o.name(), o.type().name(), shape, null, jsonData(o.type(), t));
    }

    /** A {@code classification} output: BYTES strings, binary (length-prefixed) or a JSON array of strings. */
    static ResponseOutput classes(String name, TopKClassification c, boolean asBinary, ByteArrayOutputStream binary) {
        if (asBinary) {
            byte[] bytes = c.serialized();
            binary.writeBytes(bytes);
            return new ResponseOutput(name, WireType.BYTES.name(), c.shape(), Map.of("binary_data_size", bytes.length),
                    null);
        }
        return new ResponseOutput(name, WireType.BYTES.name(), c.shape(), null, c.classes());
    }

    private static Object jsonData(WireType type, Tensor t) {
        MemorySegment d = t.data();
        int n = Math.toIntExact(t.elementCount());
        return switch (type) {
            case FP32 -> floats(d, n);
            case FP16, BF16 -> t.toFloatArray();
            case FP64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = d.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8L * i);
                }
                yield v;
            }
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = d.get(ValueLayout.JAVA_BYTE, i) != 0;
                }
                yield v;
            }
            case INT64, UINT64 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = d.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8L * i);
                }
                yield v;
            }
            case UINT32 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Integer.toUnsignedLong(d.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                            4L * i));
                }
                yield v;
            }
            case INT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = d.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4L * i);
                }
                yield v;
            }
            case UINT8, INT8, UINT16, INT16 -> {
                float[] f = t.toFloatArray(); // exact: 16-bit integers fit a float's mantissa
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (int) f[i];
                }
                yield v;
            }
            case BYTES -> throw new IllegalStateException("engines do not produce BYTES outputs");
        };
    }

    private static float[] floats(MemorySegment d, int n) {
        float[] v = new float[n];
        MemorySegment.copy(d, F32, 0, v, 0, n);
        return v;
    }
}
