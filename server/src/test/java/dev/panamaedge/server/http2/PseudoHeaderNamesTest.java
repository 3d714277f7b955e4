package dev.panamaedge.server.http2;

import static dev.panamaedge.server.http2.HpackBlocks.AUTHORITY;
import static dev.panamaedge.server.http2.HpackBlocks.PATH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.http.Method;
import io.helidon.http.http2.Http2Exception;
import io.helidon.http.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PseudoHeaderNamesTest {

    private static final int HEADERS = 0x1;
    private static final int END_HEADERS = 0x4;

    private static Http2Headers decode(Http2Headers.DynamicTable table, byte[] block) {
        return HpackBlocks.decode(table, HpackBlocks.frames(HpackBlocks.frame(HEADERS, END_HEADERS, 1, block)));
    }

    @Test
    void helidonRejectsTheLiteralPathNameThatGrpcioSends() {
        Http2Headers.DynamicTable table = Http2Headers.DynamicTable.create(4096);
        Http2Exception e = assertThrows(Http2Exception.class, () -> decode(table, HpackBlocks.firstRequest()));
        assertTrue(e.getMessage().contains("pseudo-header"), e.getMessage());
    }

    @Test
    void rewrittenBlocksDecodeToTheSameHeadersAndKeepTheDynamicTableInStep() {
        Http2Headers.DynamicTable table = Http2Headers.DynamicTable.create(4096);
        Http2Headers first = decode(table, PseudoHeaderNames.rewrite(HpackBlocks.firstRequest()));
        assertEquals(PATH, first.path());
        assertEquals(AUTHORITY, first.authority());
        assertEquals(Method.POST, first.method());
        assertEquals("trailers", HpackBlocks.te(first));
        // the second request refers only to dynamic entries the first one added; they must be where the client
        // believes they are
        Http2Headers second = decode(table, PseudoHeaderNames.rewrite(HpackBlocks.secondRequest()));
        assertEquals(PATH, second.path());
        assertEquals(AUTHORITY, second.authority());
        assertEquals("trailers", HpackBlocks.te(second));
    }

    @Test
    void onlyTheNameChangesForEveryLiteralRepresentation() {
        for (int type : new int[] {0x40, 0x00, 0x10}) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(type);
            HpackBlocks.string(b, ":path");
            HpackBlocks.string(b, "/x");
            byte[] expected = {(byte) (type | 4), 2, '/', 'x'};
            assertArrayEquals(expected, PseudoHeaderNames.rewrite(b.toByteArray()), "type " + type);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        String[] names = {":authority", ":method", ":path", ":scheme", ":status"};
        int[] indices = {1, 2, 4, 6, 8};
        for (String name : names) {
            all.write(0x00);
            HpackBlocks.string(all, name);
            HpackBlocks.string(all, "v");
        }
        byte[] out = PseudoHeaderNames.rewrite(all.toByteArray());
        for (int i = 0; i < indices.length; i++) {
            assertArrayEquals(new byte[] {(byte) indices[i], 1, 'v'}, Arrays.copyOfRange(out, 3 * i, 3 * i + 3));
        }
        assertEquals(15, out.length);
    }

    @Test
    void blocksWithNothingToRewriteComeBackAsTheSameArray() {
        byte[] indexedOnly = HpackBlocks.secondRequest();
        assertSame(indexedOnly, PseudoHeaderNames.rewrite(indexedOnly));
        ByteArrayOutputStream literal = new ByteArrayOutputStream();
        literal.write(0x40);
        HpackBlocks.string(literal, "x-note");
        HpackBlocks.string(literal, "a:b"); // a ':' in a value is not a name
        byte[] plain = literal.toByteArray();
        assertSame(plain, PseudoHeaderNames.rewrite(plain));
        ByteArrayOutputStream unknown = new ByteArrayOutputStream();
        unknown.write(0x00);
        HpackBlocks.string(unknown, ":protocol"); // not in the static table: Helidon decides
        HpackBlocks.string(unknown, "websocket");
        byte[] notStatic = unknown.toByteArray();
        assertSame(notStatic, PseudoHeaderNames.rewrite(notStatic));
        // a Huffman-coded name (H bit set) is not read; ':' = 0b1011100 (7 bits), 'p' = 0b101011 (6 bits)
        byte[] huffmanName = {0x00, (byte) 0x82, (byte) 0xB9, 0x5F, 0x01, 'v', ':'};
        assertSame(huffmanName, PseudoHeaderNames.rewrite(huffmanName));
    }

    @Test
    void malformedBlocksComeBackUnchangedForHelidonToReject() {
        byte[] good = HpackBlocks.firstRequest();
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            byte[] out = PseudoHeaderNames.rewrite(truncated);
            if (out != truncated) {
                // a cut exactly between two fields is a valid, shorter block: then it must decode as such
                List<Integer> fieldEnds = List.of(1, 2, 2 + 1 + 6 + 1 + PATH.length(),
                        2 + 1 + 6 + 1 + PATH.length() + 1 + 1 + AUTHORITY.length());
                assertTrue(fieldEnds.contains(cut), "cut at " + cut + " was rewritten");
            }
        }
        byte[] endlessInteger = {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, ':'};
        assertSame(endlessInteger, PseudoHeaderNames.rewrite(endlessInteger));
        byte[] hugeLength = {0x00, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, ':'};
        assertSame(hugeLength, PseudoHeaderNames.rewrite(hugeLength));
    }
}
