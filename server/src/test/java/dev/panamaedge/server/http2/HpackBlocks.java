package dev.panamaedge.server.http2;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.http2.Http2FrameData;
import io.helidon.http.http2.Http2FrameHeader;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2HuffmanDecoder;
import io.helidon.http.http2.Http2Priority;
import io.helidon.http.http2.Http2RstStream;
import io.helidon.http.http2.Http2Stream;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.http.http2.Http2WindowUpdate;
import io.helidon.http.http2.StreamFlowControl;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Header blocks shaped like gRPC C-core's (grpcio) first and second request on a connection, and Helidon's own
 * HPACK decoder to read blocks back, so tests check the rewrite against the decoder that rejected it.
 */
final class HpackBlocks {

    static final String PATH = "/inference.GRPCInferenceService/ModelInfer";
    static final String AUTHORITY = "127.0.0.1:8080";

    private HpackBlocks() {
    }

    /**
     * :method POST and :scheme http indexed; :path with a literal name, incremental indexing (as C-core sends
     * it); :authority with an indexed name; te: trailers with a literal name. Adds three dynamic entries.
     */
    static byte[] firstRequest() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x83);
        b.write(0x86);
        b.write(0x40);
        string(b, ":path");
        string(b, PATH);
        b.write(0x41);
        string(b, AUTHORITY);
        b.write(0x40);
        string(b, "te");
        string(b, "trailers");
        return b.toByteArray();
    }

    /** The next request on the same connection: everything from the dynamic table the first one filled. */
    static byte[] secondRequest() {
        // newest entry first: te (62), :authority (63), :path (64)
        return new byte[] {(byte) 0x83, (byte) 0x86, (byte) (0x80 | 64), (byte) (0x80 | 63), (byte) (0x80 | 62)};
    }

    static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        b.write(bytes.length); // all test strings are shorter than 127
        b.writeBytes(bytes);
    }

    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(payload.length >>> 16);
        b.write(payload.length >>> 8);
        b.write(payload.length);
        b.write(type);
        b.write(flags);
        b.write(streamId >>> 24);
        b.write(streamId >>> 16);
        b.write(streamId >>> 8);
        b.write(streamId);
        b.writeBytes(payload);
        return b.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Splits a frame stream (no preface) into frames as Helidon reads them. */
    static List<Http2FrameData> frames(byte[] stream) {
        List<Http2FrameData> frames = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            Http2FrameHeader header = Http2FrameHeader.create(BufferData.create(Arrays.copyOfRange(stream, at, at + 9)));
            at += 9;
            frames.add(new Http2FrameData(header, BufferData.create(Arrays.copyOfRange(stream, at, at + header.length()))));
            at += header.length();
        }
        return frames;
    }

    /** Decodes one header block (its frames) with Helidon's decoder and the connection's dynamic table. */
    static Http2Headers decode(Http2Headers.DynamicTable table, List<Http2FrameData> blockFrames) {
        return Http2Headers.create(new DecodingStream(), table, Http2HuffmanDecoder.create(),
                blockFrames.toArray(Http2FrameData[]::new));
    }

    static String te(Http2Headers headers) {
        return headers.httpHeaders().get(HeaderNames.create("te")).get();
    }

    /** The decoder only reports priority to the stream; nothing else is called while decoding. */
    private static final class DecodingStream implements Http2Stream {
        @Override
        public boolean rstStream(Http2RstStream rstStream) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void windowUpdate(Http2WindowUpdate windowUpdate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void headers(Http2Headers headers, boolean endOfStream) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void data(Http2FrameHeader header, BufferData data, boolean endOfStream) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void priority(Http2Priority http2Priority) {
        }

        @Override
        public int streamId() {
            return 1;
        }

        @Override
        public Http2StreamState streamState() {
            return Http2StreamState.OPEN;
        }

        @Override
        public StreamFlowControl flowControl() {
            throw new UnsupportedOperationException();
        }
    }
}
