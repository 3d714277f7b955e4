package dev.panamaedge.server.http2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rewrites one HPACK header block (RFC 7541) so that every request pseudo-header sent with a literal name
 * refers to its name in the static table instead.
 *
 * <p>Why: gRPC C-core (Python {@code grpcio}, hence {@code tritonclient.grpc}) sends {@code :path} as a
 * literal field with a literal name, which RFC 7541 allows; Helidon 4.5.0's decoder rejects any literal name
 * starting with {@code :} and closes the connection. Referring to static entry 4 ({@code :path}) instead
 * names the same header, and a field "with incremental indexing" still adds the same name and value to the
 * decoder's dynamic table, so later indexed references from the client keep pointing at the same entries.
 * Every other field passes byte for byte; Huffman-coded names are left alone (C-core sends names raw).
 *
 * <p>A block that does not parse is returned unchanged, so Helidon reports the error as before.
 */
final class PseudoHeaderNames {

    /** Static-table indices of the pseudo-header names (RFC 7541 Appendix A). */
    private static final String[] STATIC_NAMES = {":authority", ":method", null, ":path", null, ":scheme", null,
            ":status"};

    private PseudoHeaderNames() {
    }

    /**
     * @param block a complete header block (HEADERS plus CONTINUATION fragments, padding removed)
     * @return the block with literal pseudo-header names replaced by static-table references; {@code block}
     *         itself when nothing needed rewriting or the block does not parse
     */
    static byte[] rewrite(byte[] block) {
        if (!containsLiteralPseudoName(block)) {
            return block;
        }
        try {
            return rewriteFields(block);
        } catch (MalformedBlock e) {
            return block;
        }
    }

    // A cheap pre-check: a literal name ':x' is a length byte followed by ':'; most blocks have none.
    private static boolean containsLiteralPseudoName(byte[] block) {
        for (int i = 1; i < block.length; i++) {
            if (block[i] == ':') {
                return true;
            }
        }
        return false;
    }

    private static byte[] rewriteFields(byte[] block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(block.length);
        Cursor in = new Cursor(block);
        while (in.hasMore()) {
            int start = in.position();
            int first = in.peek();
            if ((first & 0x80) != 0) { // indexed field
                in.integer(7);
                out.write(block, start, in.position() - start);
            } else if ((first & 0xE0) == 0x20) { // dynamic table size update
                in.integer(5);
                out.write(block, start, in.position() - start);
            } else {
                // 01xxxxxx: with incremental indexing (6-bit index); 0000xxxx without, 0001xxxx never indexed
                int prefixBits = (first & 0x40) != 0 ? 6 : 4;
                int typeBits = first & ~((1 << prefixBits) - 1) & 0xFF;
                long nameIndex = in.integer(prefixBits);
                int staticIndex = 0;
                if (nameIndex == 0) {
                    staticIndex = staticIndexOfRawName(block, in);
                    if (staticIndex == 0) {
                        in.string(); // leave the name as it was
                    }
                }
                int valueStart = in.position();
                in.string();
                if (staticIndex == 0) {
                    out.write(block, start, in.position() - start);
                } else {
                    out.write(typeBits | staticIndex); // every static pseudo index fits the 4-bit prefix
                    out.write(block, valueStart, in.position() - valueStart);
                }
            }
        }
        byte[] result = out.toByteArray();
        return Arrays.equals(result, block) ? block : result;
    }

    /** When the next string is a raw pseudo-header name of the static table: consume it and return its index. */
    private static int staticIndexOfRawName(byte[] block, Cursor in) {
        int mark = in.position();
        boolean huffman = (in.peek() & 0x80) != 0;
        long length = in.integer(7);
        if (!huffman && length > 1 && length <= 10 && in.position() + length <= block.length
                && block[in.position()] == ':') {
            String name = new String(block, in.position(), (int) length, StandardCharsets.US_ASCII);
            for (int i = 0; i < STATIC_NAMES.length; i++) {
                if (name.equals(STATIC_NAMES[i])) {
                    in.skip((int) length);
                    return i + 1;
                }
            }
        }
        in.reset(mark);
        return 0;
    }

    /** Reads HPACK primitives; throws {@link MalformedBlock} past the end or on an oversized integer. */
    private static final class Cursor {
        private final byte[] bytes;
        private int position;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        int position() {
            return position;
        }

        void reset(int mark) {
            position = mark;
        }

        int peek() {
            if (position >= bytes.length) {
                throw new MalformedBlock();
            }
            return bytes[position] & 0xFF;
        }

        void skip(int n) {
            if (n < 0 || position + n > bytes.length) {
                throw new MalformedBlock();
            }
            position += n;
        }

        /** An integer with an N-bit prefix (RFC 7541 §5.1). */
        long integer(int prefixBits) {
            int max = (1 << prefixBits) - 1;
            long value = peek() & max;
            position++;
            if (value < max) {
                return value;
            }
            for (int shift = 0; shift <= 28; shift += 7) {
                int b = peek();
                position++;
                value += (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new MalformedBlock();
        }

        /** Skips a string literal (RFC 7541 §5.2): H bit, 7-bit-prefix length, then the bytes. */
        void string() {
            long length = integer(7);
            if (length > bytes.length) {
                throw new MalformedBlock();
            }
            skip((int) length);
        }
    }

    /** Control flow only: the block is left for Helidon to reject with its own message. */
    private static final class MalformedBlock extends RuntimeException {
        MalformedBlock() {
            super(null, null, false, false);
        }
    }
}
