package dev.panamaedge.server;

import static dev.panamaedge.server.Http2Frame.ACK;
import static dev.panamaedge.server.Http2Frame.DATA;
import static dev.panamaedge.server.Http2Frame.END_STREAM;
import static dev.panamaedge.server.Http2Frame.GOAWAY;
import static dev.panamaedge.server.Http2Frame.HEADERS;
import static dev.panamaedge.server.Http2Frame.PREFACE;
import static dev.panamaedge.server.Http2Frame.RST_STREAM;
import static dev.panamaedge.server.Http2Frame.SETTINGS;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP/2 connection over a plain socket, frames written by hand, for attacks no client library sends:
 * prior knowledge or an HTTP/1.1 → h2c upgrade, then any frames. Reads only what a test asks about (how the
 * server ended the connection).
 */
final class RawHttp2 implements AutoCloseable {
    /** How the server ended (or did not end) the connection. */
    record Ending(String how, int errorCode, String debug, long millis) {
        static Ending goAway(ByteBuffer payload, long millis) {
            payload.getInt(); // last stream id
            int code = payload.getInt();
            byte[] debug = new byte[payload.remaining()];
            payload.get(debug);
            return new Ending("GOAWAY", code, new String(debug, StandardCharsets.UTF_8), millis);
        }
    }

    private final RawSocket socket;
    /** Whether {@link #awaitEnd} acknowledges the server's SETTINGS; never in the middle of a header block. */
    private volatile boolean ackSettings = true;

    private RawHttp2(int port) throws IOException {
        socket = new RawSocket(port);
    }

    /** Prior knowledge: preface and an empty SETTINGS at once. */
    static RawHttp2 priorKnowledge(int port) throws IOException {
        RawHttp2 c = new RawHttp2(port);
        c.socket.write(PREFACE);
        c.frame(SETTINGS, 0, 0, new byte[0]);
        return c;
    }

    /** HTTP/1.1 GET with {@code Upgrade: h2c}; after the server's 101, the preface and an empty SETTINGS. */
    static RawHttp2 upgrade(int port) throws IOException {
        RawHttp2 c = new RawHttp2(port);
        c.socket.write(("GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        c.socket.timeout(5000);
        String status = c.readLine();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + status);
        }
        while (!c.readLine().isEmpty()) {
            // the 101's headers
        }
        c.socket.write(PREFACE);
        c.frame(SETTINGS, 0, 0, new byte[0]);
        return c;
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        int ch;
        while ((ch = socket.in().read()) != '\n') {
            if (ch < 0) {
                throw new IOException("connection closed in the 101 reply");
            }
            if (ch != '\r') {
                b.append((char) ch);
            }
        }
        return b.toString();
    }

    /** A request header block for GET {@code path}, HPACK-encoded with static-table entries and literals only. */
    static byte[] getHeaders(String path) {
        ByteBuffer b = ByteBuffer.allocate(64 + path.length());
        b.put((byte) 0x82); // :method GET
        b.put((byte) 0x86); // :scheme http
        b.put((byte) 0x04).put((byte) path.length()).put(path.getBytes(StandardCharsets.US_ASCII)); // :path literal
        b.put((byte) 0x01).put((byte) 9).put("127.0.0.1".getBytes(StandardCharsets.US_ASCII)); // :authority literal
        byte[] block = new byte[b.position()];
        b.flip().get(block);
        return block;
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        socket.write(Http2Frame.bytes(type, flags, stream, payload));
    }

    /** Writes raw bytes; false when the server has closed the connection meanwhile. */
    boolean write(byte[] bytes) {
        return socket.send(bytes);
    }

    /**
     * Reads frames until a GOAWAY, a reset or a reply's END_STREAM on {@code stream}, the connection closing, or
     * {@code millis} passing.
     */
    Ending awaitEnd(int stream, long millis) throws IOException {
        long start = System.nanoTime();
        socket.timeout(millis);
        try {
            while (true) {
                Http2Frame f = readAcking();
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                if (f.type() == GOAWAY) {
                    return Ending.goAway(ByteBuffer.wrap(f.payload()), elapsed);
                } else if (f.type() == RST_STREAM && f.stream() == stream) {
                    return new Ending("RST_STREAM", ByteBuffer.wrap(f.payload()).getInt(), "", elapsed);
                } else if ((f.type() == HEADERS || f.type() == DATA) && f.stream() == stream && f.has(END_STREAM)) {
                    return new Ending("END_STREAM", 0, "", elapsed);
                }
            }
        } catch (SocketTimeoutException e) {
            return new Ending("no reply", -1, "", (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            return new Ending("closed", -1, e.toString(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** The next frame; the server's SETTINGS acknowledged unless {@link #settle settled}. */
    private Http2Frame readAcking() throws IOException {
        Http2Frame f = Http2Frame.read(socket.in());
        if (f.type() == SETTINGS && !f.has(ACK) && ackSettings) {
            write(Http2Frame.bytes(SETTINGS, ACK, 0, new byte[0])); // best effort: a GOAWAY may already be here
        }
        return f;
    }

    /**
     * Reads up to the server's SETTINGS and acknowledges it, so that nothing needs acknowledging later: a test
     * about to leave a header block open calls this first (any other frame inside a block is a protocol error).
     */
    void settle() throws IOException {
        serverSetting(-1);
        frame(SETTINGS, ACK, 0, new byte[0]);
        ackSettings = false;
    }

    /** The value of setting {@code id} in the server's first SETTINGS frame; -1 when it sends none. */
    long serverSetting(int id) throws IOException {
        return serverSettings().getOrDefault(id, -1L);
    }

    /** The server's first SETTINGS frame, setting id to value. */
    Map<Integer, Long> serverSettings() throws IOException {
        socket.timeout(5000);
        while (true) {
            Http2Frame f = Http2Frame.read(socket.in());
            ByteBuffer payload = ByteBuffer.wrap(f.payload());
            if (f.type() == SETTINGS && !f.has(ACK)) {
                Map<Integer, Long> settings = new HashMap<>();
                while (payload.remaining() >= 6) {
                    int key = payload.getShort() & 0xFFFF;
                    settings.put(key, payload.getInt() & 0xFFFFFFFFL);
                }
                return settings;
            }
        }
    }

    /**
     * Reads frames, acknowledging the server's SETTINGS unless {@link #settle settled}, until one of {@code type};
     * null when the connection closes or {@code millis} pass first.
     */
    Http2Frame awaitFrame(int type, long millis) throws IOException {
        return awaitFrame(f -> f.type() == type, millis);
    }

    /** As {@link #awaitFrame(int, long)}, until a frame {@code wanted} accepts. */
    Http2Frame awaitFrame(java.util.function.Predicate<Http2Frame> wanted, long millis) throws IOException {
        socket.timeout(millis);
        try {
            while (true) {
                Http2Frame f = readAcking();
                if (wanted.test(f)) {
                    return f;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null; // closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
