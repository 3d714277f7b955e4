package dev.panamaedge.server.kserve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.server.Json;
import dev.panamaedge.server.WireType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The chunked element store: values, their kind and their order survive chunk boundaries and every datatype. */
final class TensorDataTest {
    private static TensorData parse(String json) throws Exception {
        return Json.MAPPER.readValue(json, TensorData.class);
    }

    @Test
    void numbersKeepTheirValueAndKind() throws Exception {
        TensorData d = parse("[-0.0, 3.0, 9007199254740993, 1.5]");
        ByteBuffer fp = ByteBuffer.wrap(d.encode(WireType.FP64, "x")).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(fp.getDouble()), "-0.0 keeps its sign");
        assertEquals(3.0, fp.getDouble());
        assertEquals(9007199254740992.0, fp.getDouble());
        assertEquals(1.5, fp.getDouble());
        // an integer above 2^53 stays exact for INT64; 1.5 is not an integer
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.encode(WireType.INT64, "x"));
        assertTrue(e.getMessage().contains("element 3 is 1.5"), e.getMessage());
        ByteBuffer ints = ByteBuffer.wrap(parse("[-0.0, 3.0, 9007199254740993]").encode(WireType.INT64, "x"))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, ints.getLong());
        assertEquals(3, ints.getLong());
        assertEquals(9007199254740993L, ints.getLong());
        assertThrows(IllegalArgumentException.class, () -> parse("[1e20]").encode(WireType.INT64, "x"));
    }

    @Test
    void manyElementsCrossChunksInOrder() throws Exception {
        int n = 3 * 65536 + 77;
        String json = IntStream.range(0, n).mapToObj(i -> i % 2 == 0 ? Integer.toString(i) : i + ".5")
                .collect(Collectors.joining(",", "[[", "]]"));
        TensorData d = parse(json);
        assertEquals(n, d.size());
        ByteBuffer b = ByteBuffer.wrap(d.encode(WireType.FP64, "x")).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            assertEquals(i % 2 == 0 ? i : i + 0.5, b.getDouble(), "element " + i);
        }
    }

    @Test
    void stringsCrossChunksInWireForm() throws Exception {
        String big = "x".repeat(1_500_000); // more than one 1 MiB chunk
        TensorData d = parse("[\"ab\", \"" + big + "\", {\"b64\": \"AQID\"}, \"\"]");
        assertEquals(4, d.size());
        ByteBuffer b = ByteBuffer.wrap(d.encode(WireType.BYTES, "x")).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), element(b));
        assertArrayEquals(big.getBytes(StandardCharsets.UTF_8), element(b));
        assertArrayEquals(new byte[] {1, 2, 3}, element(b));
        assertArrayEquals(new byte[0], element(b));
        assertEquals(0, b.remaining());
    }

    private static byte[] element(ByteBuffer b) {
        byte[] e = new byte[b.getInt()];
        b.get(e);
        return e;
    }
}
