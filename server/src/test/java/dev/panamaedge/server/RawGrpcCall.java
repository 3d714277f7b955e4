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
        int stream = nextStream;
        nextStream += 2;
        Http2Headers h = new DefaultHttp2Headers().method("POST").scheme("http").path(MODEL_INFER)
                .authority("127.0.0.1").add("content-type", "application/grpc").add("te", "trailers");
        extraHeaders.forEach(h::add);
        ByteBuf block = Unpooled.buffer();
        hpackOut.encodeHeaders(stream, h, block);
        byte[] blockBytes = new byte[block.readableBytes()];
        block.readBytes(blockBytes);
        long start = System.nanoTime();
        frame(HEADERS, END_HEADERS, stream, blockBytes);
        frame(DATA, endStream ? END_STREAM : 0, stream, data);
        socket.timeout(deadlineMillis);
        String status = null;
        String message = null;
        try {
            while (true) {
                Http2Frame f = Http2Frame.read(socket.in());
                int id = f.stream();
                byte[] payload = f.payload();
                long millis = (System.nanoTime() - start) / 1_000_000;
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
                        return new Outcome(null, null, "GOAWAY", millis);
                    }
                    case RST_STREAM -> {
                        if (id == stream) {
                            return new Outcome(status, message, "RST_STREAM " + ByteBuffer.wrap(payload).getInt(), millis);
                        }
                    }
                    case HEADERS -> {
                        if (id != stream) {
                            break;
                        }
                        Http2Headers decoded = hpackIn.decodeHeaders(id, Unpooled.wrappedBuffer(payload));
                        if (decoded.get("grpc-status") != null) {
                            status = decoded.get("grpc-status").toString();
                            message = decoded.get("grpc-message") == null ? null : decoded.get("grpc-message").toString();
                        }
                        if (f.has(END_STREAM)) {
                            return new Outcome(status, message, "END_STREAM", millis);
                        }
                    }
                    default -> {
                        // DATA of a reply, WINDOW_UPDATE: nothing to do for these tests
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return new Outcome(status, message, "no reply", (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        socket.write(Http2Frame.bytes(type, flags, stream, payload));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
