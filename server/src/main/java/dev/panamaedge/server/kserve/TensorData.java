package dev.panamaedge.server.kserve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.panamaedge.server.WireType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The {@code data} of a JSON input tensor, flattened row-major as it streams in (the KServe spec allows
 * flat or nested arrays). Numbers go straight into primitive arrays, never through a JsonNode tree, and
 * {@link #encode} turns them into the raw little-endian bytes the engine takes, checking ranges.
 * Strings and {@code {"b64": "…"}} objects (OVMS's form for encoded images) become BYTES elements.
 */
@JsonDeserialize(using = TensorData.Reader.class)
public final class TensorData {
    private double[] numbers = new double[64];
    private long[] integers = new long[64];
    private boolean[] integral = new boolean[64];
    private final List<byte[]> bytes = new ArrayList<>();
    private int count;
    private int booleans;

    private TensorData() {
    }

    public int size() {
        return count + bytes.size();
    }

    private void add(double d, long l, boolean isInt) {
        if (count == numbers.length) {
            int n = count * 2;
            numbers = Arrays.copyOf(numbers, n);
            integers = Arrays.copyOf(integers, n);
            integral = Arrays.copyOf(integral, n);
        }
        numbers[count] = d;
        integers[count] = l;
        integral[count] = isInt;
        count++;
    }

    /**
     * The raw little-endian bytes of this data as {@code type}.
     *
     * @throws IllegalArgumentException naming the input and element for a value the type cannot hold
     */
    public byte[] encode(WireType type, String input) {
        if (type == WireType.BYTES) {
            if (count > 0) {
                throw new IllegalArgumentException("input '" + input + "' is BYTES but its data holds numbers");
            }
            int total = bytes.stream().mapToInt(b -> 4 + b.length).sum();
            ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            bytes.forEach(b -> out.putInt(b.length).put(b));
            return out.array();
        }
        if (!bytes.isEmpty()) {
            throw new IllegalArgumentException("input '" + input + "' is " + type + " but its data holds strings");
        }
        if (booleans > 0 && type != WireType.BOOL) {
            throw new IllegalArgumentException("input '" + input + "' is " + type + " but its data holds booleans");
        }
        int width = switch (type) {
            case BOOL, UINT8, INT8 -> 1;
            case UINT16, INT16, FP16, BF16 -> 2;
            case UINT32, INT32, FP32 -> 4;
            case UINT64, INT64, FP64 -> 8;
            case BYTES -> throw new IllegalStateException("handled above");
        };
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(count, width)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            switch (type) {
                case FP32 -> out.putFloat((float) numbers[i]);
                case FP64 -> out.putDouble(numbers[i]);
                case FP16 -> out.putShort(Float.floatToFloat16((float) numbers[i]));
                case BF16 -> out.putShort((short) (Float.floatToRawIntBits((float) numbers[i]) >>> 16));
                case BOOL -> out.put((byte) (integer(i, type, input, 0, 1)));
                case UINT8 -> out.put((byte) integer(i, type, input, 0, 255));
                case INT8 -> out.put((byte) integer(i, type, input, Byte.MIN_VALUE, Byte.MAX_VALUE));
                case UINT16 -> out.putShort((short) integer(i, type, input, 0, 65535));
                case INT16 -> out.putShort((short) integer(i, type, input, Short.MIN_VALUE, Short.MAX_VALUE));
                case UINT32 -> out.putInt((int) integer(i, type, input, 0, 0xFFFF_FFFFL));
                case INT32 -> out.putInt((int) integer(i, type, input, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case UINT64 -> out.putLong(integer(i, type, input, 0, Long.MAX_VALUE));
                case INT64 -> out.putLong(integer(i, type, input, Long.MIN_VALUE, Long.MAX_VALUE));
                case BYTES -> throw new IllegalStateException("handled above");
            }
        }
        return out.array();
    }

    private long integer(int i, WireType type, String input, long min, long max) {
        if (!integral[i]) {
            throw new IllegalArgumentException("input '" + input + "' is " + type + " but element " + i + " is "
                    + numbers[i]);
        }
        long v = integers[i];
        if (v < min || v > max) {
            throw new IllegalArgumentException("input '" + input + "' element " + i + " = " + v + " is out of range for "
                    + type);
        }
        return v;
    }

    /** Streams nested arrays of numbers, booleans, strings or {@code {"b64": …}} into a TensorData. */
    static final class Reader extends JsonDeserializer<TensorData> {
        @Override
        public TensorData deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            TensorData d = new TensorData();
            if (p.currentToken() != JsonToken.START_ARRAY) {
                read(p, ctx, d);
                return d;
            }
            int depth = 0;
            JsonToken t = p.currentToken();
            do {
                if (t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_ARRAY) {
                    depth--;
                } else {
                    read(p, ctx, d);
                }
                if (depth > 0) {
                    t = p.nextToken();
                    if (t == null) {
                        throw ctx.weirdStringException("", TensorData.class, "data array ends early");
                    }
                }
            } while (depth > 0);
            return d;
        }

        private static void read(JsonParser p, DeserializationContext ctx, TensorData d) throws IOException {
            switch (p.currentToken()) {
                case VALUE_NUMBER_INT -> {
                    long l = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MAX_VALUE : p.getLongValue();
                    d.add(p.getDoubleValue(), l, p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
                }
                case VALUE_NUMBER_FLOAT -> {
                    double v = p.getDoubleValue();
                    boolean whole = v == Math.rint(v) && Math.abs(v) < 0x1p53;
                    d.add(v, (long) v, whole);
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    boolean b = p.currentToken() == JsonToken.VALUE_TRUE;
                    d.booleans++;
                    d.add(b ? 1 : 0, b ? 1 : 0, true);
                }
                case VALUE_STRING -> d.bytes.add(p.getText().getBytes(StandardCharsets.UTF_8));
                case START_OBJECT -> {
                    String field = p.nextFieldName();
                    if (!"b64".equals(field) || p.nextToken() != JsonToken.VALUE_STRING) {
                        throw ctx.weirdStringException(String.valueOf(field), TensorData.class,
                                "data objects must be {\"b64\": \"<base64>\"}");
                    }
                    try {
                        d.bytes.add(Base64.getDecoder().decode(p.getText()));
                    } catch (IllegalArgumentException e) {
                        throw ctx.weirdStringException("b64", TensorData.class, "invalid base64: " + e.getMessage());
                    }
                    if (p.nextToken() != JsonToken.END_OBJECT) {
                        throw ctx.weirdStringException("b64", TensorData.class, "data objects hold only \"b64\"");
                    }
                }
                default -> throw ctx.wrongTokenException(p, TensorData.class, JsonToken.VALUE_NUMBER_FLOAT,
                        "tensor data must be numbers, booleans or strings");
            }
        }
    }
}
