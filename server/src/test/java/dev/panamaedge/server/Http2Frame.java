package dev.panamaedge.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/2 frame as the raw test clients ({@link RawHttp2}, {@link RawGrpcCall}) write and read it (RFC 9113
 * section 4.1: 24-bit length, type, flags, 31-bit stream id, payload).
 */
record Http2Frame(int type, int flags, int stream, byte[] payload) {
    static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7,
            CONTINUATION = 0x9;
    static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4;
    /** GOAWAY / RST_STREAM error code. */
    static final int ENHANCE_YOUR_CALM = 0xb;
    /** What a prior-knowledge client sends first, before its SETTINGS. */
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Reads the next frame, waiting as the stream's socket timeout allows. */
    static Http2Frame read(DataInputStream in) throws IOException {
        int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        return new Http2Frame(type, flags, stream, in.readNBytes(length));
    }

    static byte[] bytes(int type, int flags, int stream, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return b.array();
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
