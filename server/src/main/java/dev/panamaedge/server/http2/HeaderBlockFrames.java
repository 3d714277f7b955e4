package dev.panamaedge.server.http2;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The client-to-server byte stream of one HTTP/2 connection (RFC 9113), passed through frame by frame with
 * each request header block rewritten by {@link PseudoHeaderNames}.
 *
 * <p>Only HEADERS and CONTINUATION frames are held back, until their block is complete; the connection
 * preface and every other frame (DATA above all) pass through as they arrive, so a large body is never
 * buffered here. Anything unexpected (a CONTINUATION out of place, a block larger than
 * {@code maxBlockBytes}, bad padding) makes the held frames go out exactly as received: Helidon then answers
 * the protocol error itself. Not thread-safe: one reader thread per connection.
 *
 * <p>DATA a client sends on a stream it has already reset (RST_STREAM) is dropped here, and the connection's
 * flow-control window credited for it: Helidon 4.5.0 fails the whole connection with PROTOCOL_ERROR on "data for
 * stream N in state CLOSED", where RFC 9113 §5.1 makes it an error of that stream alone. grpc-java sends such DATA
 * when a server ends a call its client is still streaming into (a camera stream at shutdown): the message it was
 * sending goes on after the reset it answers the server's trailers with, and every other call on the connection
 * was lost with it.
 *
 * <p>A chunk whose bytes go on unchanged (no frame held back across its edges, no block rewritten) is handed
 * on as the same array, frame boundaries or not: nearly every socket read of a gRPC body is one.
 */
final class HeaderBlockFrames {

    static final int PREFACE_LENGTH = 24;
    private static final int FRAME_HEADER_LENGTH = 9;
    private static final int TYPE_DATA = 0x0;
    private static final int TYPE_HEADERS = 0x1;
    private static final int TYPE_RST_STREAM = 0x3;
    private static final int TYPE_CONTINUATION = 0x9;
    private static final int FLAG_END_STREAM = 0x1;
    private static final int FLAG_END_HEADERS = 0x4;
    private static final int FLAG_PADDED = 0x8;
    private static final int FLAG_PRIORITY = 0x20;
    private static final int PRIORITY_LENGTH = 5;
    /** Reset streams remembered; their late DATA comes within a round trip, so only the latest matter. */
    private static final int RESET_STREAMS_KEPT = 256;

    private final int maxBlockBytes;
    private final IntConsumer creditConnection;
    private final Set<Integer> resetByClient = new LinkedHashSet<>();
    private final ChunkOutput out = new ChunkOutput();
    private int prefaceRemaining = PREFACE_LENGTH;
    private final byte[] frameHeader = new byte[FRAME_HEADER_LENGTH];
    private int frameHeaderFilled;
    /** Where the current frame header starts in the chunk; -1 when it began in an earlier chunk. */
    private int frameHeaderStart;
    /** Payload bytes of the current pass-through frame still to come. */
    private int passThroughRemaining;
    /** Payload bytes of the current dropped frame still to come. */
    private int dropRemaining;
    /** The current HEADERS/CONTINUATION frame's payload while it arrives. */
    private byte[] heldPayload;
    private int heldFilled;
    private HeldBlock block;
    /** Where the held block's frames start in the chunk; -1 when they began in an earlier chunk. */
    private int blockStart;
    /** Where the held block's frames received so far end in the chunk (when {@code blockStart >= 0}). */
    private int blockEnd;

    /**
     * @param maxBlockBytes    the largest header block held for rewriting; a larger one passes unchanged
     * @param creditConnection gives the client back connection window for the payload bytes of a dropped frame
     */
    HeaderBlockFrames(int maxBlockBytes, IntConsumer creditConnection) {
        this.maxBlockBytes = maxBlockBytes;
        this.creditConnection = creditConnection;
    }

    /**
     * @param chunk the next bytes read from the socket
     * @return the bytes to hand to the HTTP/2 connection (possibly empty while a header block is incomplete);
     *         {@code chunk} itself whenever they are the same bytes, a new array only when bytes are held back,
     *         released from an earlier chunk or rewritten
     */
    byte[] process(byte[] chunk) {
        out.start(chunk);
        blockStart = -1; // a block still held began in an earlier chunk
        int i = 0;
        while (i < chunk.length) {
            if (prefaceRemaining > 0) {
                int n = Math.min(prefaceRemaining, chunk.length - i);
                out.chunkRange(i, i + n);
                prefaceRemaining -= n;
                i += n;
            } else if (dropRemaining > 0) {
                int n = Math.min(dropRemaining, chunk.length - i);
                dropRemaining -= n;
                i += n;
            } else if (passThroughRemaining > 0) {
                int n = Math.min(passThroughRemaining, chunk.length - i);
                out.chunkRange(i, i + n);
                passThroughRemaining -= n;
                i += n;
            } else if (heldPayload != null) {
                int n = Math.min(heldPayload.length - heldFilled, chunk.length - i);
                System.arraycopy(chunk, i, heldPayload, heldFilled, n);
                heldFilled += n;
                i += n;
                if (heldFilled == heldPayload.length) {
                    frameComplete(i);
                }
            } else if (frameHeaderFilled == 0 && chunk.length - i >= FRAME_HEADER_LENGTH) {
                System.arraycopy(chunk, i, frameHeader, 0, FRAME_HEADER_LENGTH);
                frameHeaderStart = i;
                i += FRAME_HEADER_LENGTH;
                frameHeaderComplete(i);
            } else {
                // a frame header split between chunks: held until complete
                frameHeader[frameHeaderFilled++] = chunk[i++];
                if (frameHeaderFilled == FRAME_HEADER_LENGTH) {
                    frameHeaderFilled = 0;
                    frameHeaderStart = -1;
                    frameHeaderComplete(i);
                }
            }
        }
        return out.finish();
    }

    /** @param end where the frame header ends in the chunk */
    private void frameHeaderComplete(int end) {
        int length = ((frameHeader[0] & 0xFF) << 16) | ((frameHeader[1] & 0xFF) << 8) | (frameHeader[2] & 0xFF);
        int type = frameHeader[3] & 0xFF;
        boolean startsBlock = type == TYPE_HEADERS && block == null;
        boolean continuesBlock = type == TYPE_CONTINUATION && block != null && streamId() == block.streamId;
        int held = block == null ? 0 : block.originalFrames.size();
        if ((startsBlock || continuesBlock) && held + FRAME_HEADER_LENGTH + length <= maxBlockBytes) {
            if (startsBlock) {
                blockStart = frameHeaderStart;
            } else if (frameHeaderStart < 0) {
                blockStart = -1; // the block is no longer one range of this chunk
            }
            heldPayload = new byte[length];
            heldFilled = 0;
            if (length == 0) {
                frameComplete(end);
            }
            return;
        }
        releaseUnchanged();
        if (type == TYPE_RST_STREAM) {
            rememberReset(streamId());
        } else if (type == TYPE_DATA && resetByClient.contains(streamId())) {
            dropRemaining = length;
            creditConnection.accept(length);
            return;
        }
        if (frameHeaderStart >= 0) {
            out.chunkRange(frameHeaderStart, end);
        } else {
            out.bytes(Arrays.copyOf(frameHeader, FRAME_HEADER_LENGTH)); // frameHeader is reused before finish()
        }
        passThroughRemaining = length;
    }

    /** @param end where the frame's payload ends in the chunk */
    private void frameComplete(int end) {
        byte[] payload = heldPayload;
        heldPayload = null;
        blockEnd = end;
        int type = frameHeader[3] & 0xFF;
        int flags = frameHeader[4] & 0xFF;
        if (type == TYPE_HEADERS) {
            block = new HeldBlock(streamId(), flags);
            if (!block.addFirstFragment(payload)) {
                block.originalFrames.write(frameHeader, 0, FRAME_HEADER_LENGTH);
                block.originalFrames.writeBytes(payload);
                releaseUnchanged();
                return;
            }
        } else {
            block.fragments.writeBytes(payload);
        }
        block.originalFrames.write(frameHeader, 0, FRAME_HEADER_LENGTH);
        block.originalFrames.writeBytes(payload);
        block.largestFrame = Math.max(block.largestFrame, payload.length);
        if ((flags & FLAG_END_HEADERS) != 0) {
            byte[] rewritten = block.rewrittenFrames();
            if (rewritten == null) {
                releaseUnchanged();
            } else {
                out.bytes(rewritten);
                block = null;
            }
        }
    }

    /** Hands on the held block's frames as received: straight from the chunk when they all lie in it. */
    private void releaseUnchanged() {
        if (block != null) {
            if (blockStart >= 0) {
                out.chunkRange(blockStart, blockEnd);
            } else {
                out.bytes(block.originalFrames.toByteArray());
            }
            block = null;
        }
    }

    private void rememberReset(int streamId) {
        if (resetByClient.add(streamId) && resetByClient.size() > RESET_STREAMS_KEPT) {
            Iterator<Integer> oldest = resetByClient.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private int streamId() {
        return ((frameHeader[5] & 0x7F) << 24) | ((frameHeader[6] & 0xFF) << 16) | ((frameHeader[7] & 0xFF) << 8)
                | (frameHeader[8] & 0xFF);
    }

    /** A header block in progress: its frames as received, and its fragments without padding. */
    private static final class HeldBlock {
        final int streamId;
        final int headersFlags;
        final ByteArrayOutputStream originalFrames = new ByteArrayOutputStream();
        final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        byte[] priority = new byte[0];
        int largestFrame;

        HeldBlock(int streamId, int headersFlags) {
            this.streamId = streamId;
            this.headersFlags = headersFlags;
        }

        /** @return false when padding or priority fields do not fit the frame */
        boolean addFirstFragment(byte[] payload) {
            int start = 0;
            int padding = 0;
            if ((headersFlags & FLAG_PADDED) != 0) {
                if (payload.length < 1) {
                    return false;
                }
                padding = payload[0] & 0xFF;
                start = 1;
            }
            if ((headersFlags & FLAG_PRIORITY) != 0) {
                if (payload.length < start + PRIORITY_LENGTH) {
                    return false;
                }
                priority = Arrays.copyOfRange(payload, start, start + PRIORITY_LENGTH);
                start += PRIORITY_LENGTH;
            }
            int end = payload.length - padding;
            if (end < start) {
                return false;
            }
            fragments.write(payload, start, end - start);
            return true;
        }

        /**
         * @return the block as HEADERS (+ CONTINUATION) frames, none larger than the largest one received; null
         *         when it needs no rewriting
         */
        byte[] rewrittenFrames() {
            byte[] original = fragments.toByteArray();
            byte[] rewritten = PseudoHeaderNames.rewrite(original);
            if (rewritten == original) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(rewritten.length + 2 * FRAME_HEADER_LENGTH
                    + priority.length);
            int firstCapacity = Math.max(1, largestFrame - priority.length);
            int first = Math.min(rewritten.length, firstCapacity);
            boolean single = first == rewritten.length;
            int flags = (headersFlags & (FLAG_END_STREAM | FLAG_PRIORITY)) | (single ? FLAG_END_HEADERS : 0);
            writeFrameHeader(out, priority.length + first, TYPE_HEADERS, flags, streamId);
            out.writeBytes(priority);
            out.write(rewritten, 0, first);
            int capacity = Math.max(1, largestFrame);
            for (int at = first; at < rewritten.length; at += capacity) {
                int n = Math.min(capacity, rewritten.length - at);
                boolean last = at + n == rewritten.length;
                writeFrameHeader(out, n, TYPE_CONTINUATION, last ? FLAG_END_HEADERS : 0, streamId);
                out.write(rewritten, at, n);
            }
            return out.toByteArray();
        }

        private static void writeFrameHeader(ByteArrayOutputStream out, int length, int type, int flags,
                                             int streamId) {
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            out.write(type);
            out.write(flags);
            out.write(streamId >>> 24);
            out.write(streamId >>> 16);
            out.write(streamId >>> 8);
            out.write(streamId);
        }
    }
}
