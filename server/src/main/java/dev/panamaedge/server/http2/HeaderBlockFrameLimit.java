package dev.panamaedge.server.http2;

import io.helidon.http.http2.Http2ErrorCode;
import io.helidon.http.http2.Http2Exception;
import java.util.function.Supplier;

/**
 * The client's HTTP/2 bytes, passed on unchanged, with a cap on the number of frames in one header block
 * (HEADERS followed by CONTINUATIONs until END_HEADERS): the CONTINUATION flood (CVE-2024-27316 class).
 *
 * <p>Helidon 4.5.0 bounds a header block only by the sum of its payload lengths
 * ({@code max-header-list-size}), so zero-length CONTINUATION frames never reach that bound: it keeps one
 * object per frame until the heap is full. It has no setting for the frame count, so this counts frames where
 * the bytes are first read, on every path into HTTP/2 (prior knowledge and the h2c upgrade), and fails the
 * connection by throwing Helidon's own {@link Http2Exception}: Helidon's connection loop then answers GOAWAY
 * (ENHANCE_YOUR_CALM) and closes, as for its other protocol errors. Only frame headers are parsed; payloads are
 * skipped and every read is handed on as the same array. Not thread-safe: one reader thread per connection.
 */
public final class HeaderBlockFrameLimit implements Supplier<byte[]> {

    /**
     * nghttp2 accepts 8 CONTINUATIONs by default and Envoy 512 for 8 MB of headers; a client packs a header
     * block into frames of up to 16 KiB, so 64 frames cover any block Helidon's header list limit lets through,
     * even from a client that splits it into 1 KiB pieces.
     */
    public static final int DEFAULT_MAX_FRAMES = 64;

    private static final int PREFACE_LENGTH = 24;
    private static final int FRAME_HEADER_LENGTH = 9;
    private static final int TYPE_HEADERS = 0x1;
    private static final int TYPE_CONTINUATION = 0x9;
    private static final int FLAG_END_HEADERS = 0x4;

    private final Supplier<byte[]> reads;
    private final int maxFrames;
    private int prefaceRemaining = PREFACE_LENGTH;
    private final byte[] frameHeader = new byte[FRAME_HEADER_LENGTH];
    private int frameHeaderFilled;
    private long payloadRemaining;
    /** Frames of the open header block so far; 0 when no block is open. */
    private int blockFrames;

    /**
     * @param reads     the connection's bytes from the client preface on
     * @param maxFrames the most frames one header block may span (HEADERS included)
     */
    public HeaderBlockFrameLimit(Supplier<byte[]> reads, int maxFrames) {
        if (maxFrames < 2) {
            throw new IllegalArgumentException("a header block must be allowed at least 2 frames, got " + maxFrames);
        }
        this.reads = reads;
        this.maxFrames = maxFrames;
    }

    /**
     * @return the next read, unchanged; null at end of stream
     * @throws Http2Exception ENHANCE_YOUR_CALM once a header block spans more than the allowed frames
     */
    @Override
    public byte[] get() {
        byte[] read = reads.get();
        if (read != null) {
            scan(read);
        }
        return read;
    }

    private void scan(byte[] chunk) {
        int i = 0;
        while (i < chunk.length) {
            if (prefaceRemaining > 0) {
                int n = Math.min(prefaceRemaining, chunk.length - i);
                prefaceRemaining -= n;
                i += n;
            } else if (payloadRemaining > 0) {
                int n = (int) Math.min(payloadRemaining, chunk.length - i);
                payloadRemaining -= n;
                i += n;
            } else {
                int n = Math.min(FRAME_HEADER_LENGTH - frameHeaderFilled, chunk.length - i);
                System.arraycopy(chunk, i, frameHeader, frameHeaderFilled, n);
                frameHeaderFilled += n;
                i += n;
                if (frameHeaderFilled == FRAME_HEADER_LENGTH) {
                    frameHeaderFilled = 0;
                    frame();
                }
            }
        }
    }

    private void frame() {
        payloadRemaining = ((frameHeader[0] & 0xFF) << 16) | ((frameHeader[1] & 0xFF) << 8) | (frameHeader[2] & 0xFF);
        int type = frameHeader[3] & 0xFF;
        boolean endHeaders = (frameHeader[4] & FLAG_END_HEADERS) != 0;
        if (type == TYPE_HEADERS) {
            blockFrames = 1;
        } else if (type == TYPE_CONTINUATION && blockFrames > 0) {
            blockFrames++;
            if (blockFrames > maxFrames) {
                throw new Http2Exception(Http2ErrorCode.ENHANCE_YOUR_CALM,
                        "header block spans more than " + maxFrames + " frames");
            }
        } else {
            blockFrames = 0; // any other frame ends the block; Helidon answers one out of place itself
            return;
        }
        if (endHeaders) {
            blockFrames = 0;
        }
    }
}
