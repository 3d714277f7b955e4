package dev.panamaedge.server;

import static dev.panamaedge.server.Http2Frame.ACK;
import static dev.panamaedge.server.Http2Frame.DATA;
import static dev.panamaedge.server.Http2Frame.END_HEADERS;
import static dev.panamaedge.server.Http2Frame.END_STREAM;
import static dev.panamaedge.server.Http2Frame.GOAWAY;
import static dev.panamaedge.server.Http2Frame.HEADERS;
import static dev.panamaedge.server.Http2Frame.PING;
import static dev.panamaedge.server.Http2Frame.PREFACE;
import static dev.panamaedge.server.Http2Frame.RST_STREAM;
import static dev.panamaedge.server.Http2Frame.SETTINGS;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One HTTP/2 connection (prior knowledge) that sends gRPC requests as raw frames: any message bytes, any
 * length prefix and compressed flag, with or without END_STREAM. HPACK is grpc-java's (shaded Netty), the
 * frames are written by hand, so a test can send what no gRPC client library would.
 */
final class RawGrpcCall implements AutoCloseable {
    static final String MODEL_INFER = "/inference.GRPCInferenceService/ModelInfer";

    /** How a call ended: a grpc-status and message, or a reset stream / GOAWAY / silence, and when. */
    record Outcome(String grpcStatus, String grpcMessage, String ended, long millis) {
    }

    private final RawSocket socket;
    private final DefaultHttp2HeadersEncoder hpackOut = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder hpackIn = new DefaultHttp2HeadersDecoder(false, 1 << 20);
    private int nextStream = 1;
    private final Map<Integer, Long> opened = new java.util.HashMap<>();
    private final Map<Integer, String[]> statuses = new java.util.HashMap<>();
    private final Map<Integer, Outcome> ended = new java.util.HashMap<>();

    RawGrpcCall(int port) throws IOException {
        socket = new RawSocket(port);
        socket.write(PREFACE);
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    /** A gRPC length prefix: the compressed flag and a length that need not match what follows. */
    static byte[] prefix(int flag, long length) {
        return ByteBuffer.allocate(5).put((byte) flag).putInt((int) length).array();
    }

    static byte[] message(byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put(prefix(0, body.length)).put(body).array();
    }

    /**
     * Sends one call (HEADERS, then {@code data} as one DATA frame) and waits up to {@code deadlineMillis} for
     * its end; {@code endStream} false leaves the request unfinished, as a client still sending would.
     */
    Outcome call(Map<String, String> extraHeaders, byte[] data, boolean endStream, long deadlineMillis)
            throws Exception {
        long start = System.nanoTime();
        int stream = open(extraHeaders, data, endStream);
        Outcome o = await(stream, deadlineMillis);
        return new Outcome(o.grpcStatus(), o.grpcMessage(), o.ended(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Sends one call's HEADERS and {@code data} as one DATA frame without waiting; returns its stream id. */
    int open(Map<String, String> extraHeaders, byte[] data, boolean endStream) throws Exception {
        return open(MODEL_INFER, extraHeaders, data, endStream);
    }

    /** {@link #open(Map, byte[], boolean)} for the method at {@code path}. */
    int open(String path, Map<String, String> extraHeaders, byte[] data, boolean endStream) throws Exception {
        int stream = nextStream;
        nextStream += 2;
        Http2Headers h = new DefaultHttp2Headers().method("POST").scheme("http").path(path)
                .authority("127.0.0.1").add("content-type", "application/grpc").add("te", "trailers");
        extraHeaders.forEach(h::add);
        ByteBuf block = Unpooled.buffer();
        hpackOut.encodeHeaders(stream, h, block);
        byte[] blockBytes = new byte[block.readableBytes()];
        block.readBytes(blockBytes);
        opened.put(stream, System.nanoTime());
        frame(HEADERS, END_HEADERS, stream, blockBytes);
        frame(DATA, endStream ? END_STREAM : 0, stream, data);
        return stream;
    }

    /** Resets {@code stream} (CANCEL), as a client giving up on its call does. */
    void reset(int stream) throws IOException {
        frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(8).array());
    }

    /**
     * Reads frames until {@code stream} ends (trailers, a reset, a GOAWAY) or {@code deadlineMillis} pass;
     * the ends of other streams read meanwhile are kept for their own {@code await}. Millis count from the open.
     */
    Outcome await(int stream, long deadlineMillis) throws Exception {
        long until = System.nanoTime() + deadlineMillis * 1_000_000;
        try {
            while (!ended.containsKey(stream)) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.timeout(left);
                readFrame();
            }
        } catch (SocketTimeoutException e) {
            String[] partial = statuses.getOrDefault(stream, new String[2]);
            return new Outcome(partial[0], partial[1], "no reply", millisSinceOpen(stream));
        }
        return ended.get(stream);
    }

    private void readFrame() throws Exception {
        Http2Frame f = Http2Frame.read(socket.in());
        int id = f.stream();
        byte[] payload = f.payload();
        switch (f.type()) {
            case SETTINGS -> {
                if (!f.has(ACK)) {
                    frame(SETTINGS, ACK, 0, new byte[0]);
                }
            }
            case PING -> {
                if (!f.has(ACK)) {
                    frame(PING, ACK, 0, payload);
                }
            }
            case GOAWAY -> {
                for (int open : opened.keySet()) {
                    ended.putIfAbsent(open, new Outcome(null, null, "GOAWAY", millisSinceOpen(open)));
                }
            }
            case RST_STREAM -> {
                String[] st = statuses.getOrDefault(id, new String[2]);
                ended.putIfAbsent(id, new Outcome(st[0], st[1], "RST_STREAM " + ByteBuffer.wrap(payload).getInt(),
                        millisSinceOpen(id)));
            }
            case HEADERS -> {
                // every block is decoded, whatever its stream: HPACK's dynamic table is the connection's
                Http2Headers decoded = hpackIn.decodeHeaders(id, Unpooled.wrappedBuffer(payload));
                if (decoded.get("grpc-status") != null) {
                    statuses.put(id, new String[] {decoded.get("grpc-status").toString(),
                        decoded.get("grpc-message") == null ? null : decoded.get("grpc-message").toString()});
                }
                if (f.has(END_STREAM)) {
                    String[] st = statuses.getOrDefault(id, new String[2]);
                    ended.putIfAbsent(id, new Outcome(st[0], st[1], "END_STREAM", millisSinceOpen(id)));
                }
            }
            default -> {
                // DATA of a reply, WINDOW_UPDATE: nothing to do for these tests
            }
        }
    }

    private long millisSinceOpen(int stream) {
        Long at = opened.get(stream);
        return at == null ? -1 : (System.nanoTime() - at) / 1_000_000;
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        socket.write(Http2Frame.bytes(type, flags, stream, payload));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
