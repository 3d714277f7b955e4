package dev.panamaedge.server.http2;

import java.util.function.Supplier;

/**
 * The client's bytes for Helidon's HTTP/2 connection, through {@link HeaderBlockFrames}: each read handed on
 * as it came unless a header block in it changes, and never empty (a read that only starts a header block
 * waits for the reads that complete it). End of stream ({@code null}) passes through. Not thread-safe: one
 * reader thread per connection.
 */
final class RewrittenReads implements Supplier<byte[]> {

    private final Supplier<byte[]> reads;
    private final HeaderBlockFrames frames;

    /**
     * @param reads  the connection's bytes as the client sent them
     * @param frames the rewriting of this connection's header blocks
     */
    RewrittenReads(Supplier<byte[]> reads, HeaderBlockFrames frames) {
        this.reads = reads;
        this.frames = frames;
    }

    /** @return the next bytes for the connection, never empty; null at end of stream */
    @Override
    public byte[] get() {
        while (true) {
            byte[] read = reads.get();
            if (read == null) {
                return null;
            }
            byte[] out = frames.process(read);
            if (out.length > 0) {
                return out;
            }
        }
    }
}
