package dev.panamaedge.server;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/2 connection (prior knowledge) that sends gRPC requests as raw frames: any message bytes, any
 * length prefix and compressed flag, with or without END_STREAM. HPACK is grpc-java's (shaded Netty), the
 * frames are written by hand, so a test can send what no gRPC client library would.
 */
final class RawGrpcCall implements AutoCloseable {
    static final String MODEL_INFER = "/inference.GRPCInferenceService/ModelInfer";
    private static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7;
    private static final int END_STREAM = 0x1, END_HEADERS = 0x4, ACK = 0x1;

    /** How a call ended: a grpc-status and message, or a reset stream / GOAWAY / silence, and when. */
    record Outcome(String grpcStatus, String grpcMessage, String ended, long millis) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2HeadersEncoder hpackOut = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder hpackIn = new DefaultHttp2HeadersDecoder(false, 1 << 20);
    private int nextStream = 1;

    RawGrpcCall(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
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
        socket.setSoTimeout((int) deadlineMillis);
        String status = null;
        String message = null;
        try {
            while (true) {
                int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int id = in.readInt() & 0x7fffffff;
                byte[] payload = in.readNBytes(length);
                long millis = (System.nanoTime() - start) / 1_000_000;
                switch (type) {
                    case SETTINGS -> {
                        if ((flags & ACK) == 0) {
                            frame(SETTINGS, ACK, 0, new byte[0]);
                        }
                    }
                    case PING -> {
                        if ((flags & ACK) == 0) {
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
                        if ((flags & END_STREAM) != 0) {
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
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        out.write(b.array());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
