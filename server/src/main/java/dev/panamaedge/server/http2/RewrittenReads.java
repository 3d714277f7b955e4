package dev.panamaedge.server.http2;

import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ServerConnectionException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The client's bytes for Helidon's HTTP/2 connection, through {@link HeaderBlockFrames}: first whatever the
 * listener's reader already holds (the selectors peeked at the preface through it), then the socket's own
 * reads, each handed on as the array the socket returned unless a header block changes it.
 *
 * <p>Why not keep reading through the listener's reader: it can only hand out copies of what it holds, which
 * was a copy of every socket read. The socket is read the way Helidon 4.5.0's {@code ConnectionHandler} builds
 * that reader ({@code MapExceptionDataSupplier}, private there): an {@link UncheckedIOException} becomes a
 * {@link ServerConnectionException}, and end of stream ({@code null}) is returned as is, so the connection's
 * {@link DataReader} throws {@link DataReader.InsufficientDataAvailableException} exactly as the listener's
 * reader would. Not thread-safe: one reader thread per connection.
 */
final class RewrittenReads implements Supplier<byte[]> {

    private DataReader buffered;
    private final Supplier<byte[]> socket;
    private final HeaderBlockFrames frames;

    /**
     * @param buffered the listener's reader; read once, for what it holds, and never again
     * @param socket   the socket that reader reads from ({@code ConnectionContext.serverSocket()})
     * @param frames   the rewriting of this connection's header blocks
     */
    RewrittenReads(DataReader buffered, Supplier<byte[]> socket, HeaderBlockFrames frames) {
        this.buffered = buffered;
        this.socket = socket;
        this.frames = frames;
    }

    /** @return the next bytes for the connection, never empty; null at end of stream */
    @Override
    public byte[] get() {
        while (true) {
            byte[] read = read();
            if (read == null) {
                return null;
            }
            byte[] out = frames.process(read);
            if (out.length > 0) {
                return out;
            }
        }
    }

    private byte[] read() {
        if (buffered != null) {
            DataReader reader = buffered;
            buffered = null;
            int held = reader.available(); // unlike readBytes, available() never blocks on the socket
            if (held > 0) {
                return reader.readBytes(held); // the one copy per connection: the first read or two
            }
        }
        try {
            return socket.get();
        } catch (UncheckedIOException e) {
            throw new ServerConnectionException("Failed to get data from socket", e);
        }
    }
}
