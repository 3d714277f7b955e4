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
    /** Elements per chunk: chunks grow without copying, so a large tensor never holds two copies while parsing. */
    private static final int CHUNK = 1 << 16;
    /** Bytes per chunk of BYTES elements. */
    private static final int BYTES_CHUNK = 1 << 20;

    /**
     * Heap per numeric element while parsing: its value (8 bytes: the long, or the double's bits when it is not
     * integral) and one bit saying which. {@link JsonHeapCost} counts on it.
     */
    static final double PARSED_BYTES_PER_ELEMENT = 8.125;

    private final List<long[]> values = new ArrayList<>();
    private final List<long[]> whole = new ArrayList<>();
    private int count;
    private int booleans;
    /** BYTES elements, already in wire form (4-byte little-endian length, then the bytes), in 1 MiB chunks. */
    private final List<byte[]> bytes = new ArrayList<>();
    private long bytesLength;
    private int bytesCount;
    private int lastChunkUsed;

    private TensorData() {
    }

    public int size() {
        return count + bytesCount;
    }

    private void add(double d, long l, boolean isInt) {
        if (count == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor data holds more than " + Integer.MAX_VALUE + " elements");
        }
        int chunk = count / CHUNK;
        int at = count % CHUNK;
        if (chunk == values.size()) {
            int n = chunk == 0 ? 64 : CHUNK; // the first chunk starts small and doubles: most tensors are small
            values.add(new long[n]);
            whole.add(new long[n / 64]);
        } else if (at == values.get(chunk).length) {
            int n = 2 * at;
            values.set(chunk, Arrays.copyOf(values.get(chunk), n));
            whole.set(chunk, Arrays.copyOf(whole.get(chunk), n / 64));
        }
        values.get(chunk)[at] = isInt ? l : Double.doubleToRawLongBits(d);
        if (isInt) {
            whole.get(chunk)[at >>> 6] |= 1L << at;
        }
        count++;
    }

    private boolean integral(int i) {
        return (whole.get(i / CHUNK)[(i % CHUNK) >>> 6] & 1L << (i % CHUNK)) != 0;
    }

    private long integerValue(int i) {
        return values.get(i / CHUNK)[i % CHUNK];
    }

    /** Element {@code i} as a double; an integral one was stored as its long and converts as Jackson would. */
    private double number(int i) {
        long v = integerValue(i);
        return integral(i) ? (double) v : Double.longBitsToDouble(v);
    }

    private void addBytes(byte[] element) {
        if (bytesLength + 4 + element.length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("BYTES tensor data exceeds 2 GB");
        }
        byte[] length = {(byte) element.length, (byte) (element.length >>> 8), (byte) (element.length >>> 16),
                (byte) (element.length >>> 24)};
        append(length);
        append(element);
        bytesCount++;
    }

    private void append(byte[] src) {
        int done = 0;
        while (done < src.length) {
            if (bytes.isEmpty() || lastChunkUsed == bytes.getLast().length) {
                // chunks grow with the data (4 KiB, then as much as is held, at most 1 MiB): no copies
                bytes.add(new byte[(int) Math.min(BYTES_CHUNK, Math.max(4096, bytesLength))]);
                lastChunkUsed = 0;
            }
            int n = Math.min(src.length - done, bytes.getLast().length - lastChunkUsed);
            System.arraycopy(src, done, bytes.getLast(), lastChunkUsed, n);
            done += n;
            lastChunkUsed += n;
            bytesLength += n;
        }
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
            byte[] out = new byte[(int) bytesLength];
            for (int c = 0, done = 0; done < out.length; c++) {
                int n = Math.min(bytes.get(c).length, out.length - done);
                System.arraycopy(bytes.get(c), 0, out, done, n);
                done += n;
            }
            return out;
        }
        if (bytesCount > 0) {
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
                case FP32 -> out.putFloat((float) number(i));
                case FP64 -> out.putDouble(number(i));
                case FP16 -> out.putShort(Float.floatToFloat16((float) number(i)));
                case BF16 -> out.putShort((short) (Float.floatToRawIntBits((float) number(i)) >>> 16));
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
        long v;
        if (integral(i)) {
            v = integerValue(i);
        } else {
            double d = number(i); // a float literal such as 3.0 counts when it is a whole number below 2^53
            if (d != Math.rint(d) || Math.abs(d) >= 0x1p53) {
                throw new IllegalArgumentException("input '" + input + "' is " + type + " but element " + i + " is "
                        + d);
            }
            v = (long) d;
        }
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
                    d.add(v, 0, false); // kept as a double, so -0.0 keeps its sign; integer() accepts 3.0
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    boolean b = p.currentToken() == JsonToken.VALUE_TRUE;
                    d.booleans++;
                    d.add(b ? 1 : 0, b ? 1 : 0, true);
                }
                case VALUE_STRING -> d.addBytes(p.getText().getBytes(StandardCharsets.UTF_8));
                case START_OBJECT -> {
                    String field = p.nextFieldName();
                    if (!"b64".equals(field) || p.nextToken() != JsonToken.VALUE_STRING) {
                        throw ctx.weirdStringException(String.valueOf(field), TensorData.class,
                                "data objects must be {\"b64\": \"<base64>\"}");
                    }
                    try {
                        d.addBytes(Base64.getDecoder().decode(p.getText()));
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
