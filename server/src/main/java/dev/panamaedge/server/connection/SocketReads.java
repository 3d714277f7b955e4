package dev.panamaedge.server.connection;

import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ServerConnectionException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * A connection's bytes once a selector has taken it: first whatever the listener's reader already holds (the
 * selectors peeked at the first reads through it), then the socket's own reads, each handed on as the array
 * the socket returned.
 *
 * <p>Why not keep reading through the listener's reader: it can only hand out copies of what it holds, and it
 * is Helidon's {@link DataReader}, whose consumed buffers stay linked to the ones after them (see
 * {@link ReleasingDataReader}). The socket is read the way Helidon 4.5.0's {@code ConnectionHandler} builds
 * that reader ({@code MapExceptionDataSupplier}, private there): an {@link UncheckedIOException} becomes a
 * {@link ServerConnectionException}, and end of stream ({@code null}) is returned as is, so the connection's
 * reader throws {@link DataReader.InsufficientDataAvailableException} exactly as the listener's would.
 * Not thread-safe: one reader thread per connection.
 */
public final class SocketReads implements Supplier<byte[]> {

    private DataReader buffered;
    private final Supplier<byte[]> socket;

    /**
     * @param buffered the listener's reader; read once, for what it holds, and never again
     * @param socket   the socket that reader reads from ({@code ConnectionContext.serverSocket()})
     */
    public SocketReads(DataReader buffered, Supplier<byte[]> socket) {
        this.buffered = buffered;
        this.socket = socket;
    }

    /**
     * The client's bytes on {@code ctx}'s connection. Helidon 4.5.0's ConnectionHandler, the only caller of
     * connection selectors, builds its dataReader() over its serverSocket() (re-check on a Helidon upgrade); from
     * here on only the reader over these reads reads it.
     */
    public static SocketReads of(ConnectionContext ctx) {
        return new SocketReads(ctx.dataReader(), ctx.serverSocket());
    }

    /** @return the next bytes from the client; null at end of stream */
    @Override
    public byte[] get() {
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
