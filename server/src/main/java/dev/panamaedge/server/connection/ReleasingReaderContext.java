package dev.panamaedge.server.connection;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The listener's connection context with one change: the connection reads through a
 * {@link ReleasingDataReader} over the reads given, so a long-lived connection holds no bytes it has consumed,
 * and writes through a {@link GoAwayWriter}, so that an HTTP/2 connection can be told of the server's shutdown.
 */
public final class ReleasingReaderContext implements ConnectionContext {

    private final ConnectionContext socket;
    private final DataReader reader;
    private final ConnectionEnd end;
    private final RequestHeaderDeadline headerDeadline;
    private final GoAwayWriter writer;

    /**
     * @param socket the context Helidon's listener gave the selector
     * @param reads  the connection's bytes, usually {@link SocketReads#of} {@code socket} or a rewriting of them
     */
    public ReleasingReaderContext(ConnectionContext socket, Supplier<byte[]> reads) {
        this(socket, reads, new ConnectionEnd(), null, new GoAwayWriter(socket.dataWriter()));
    }

    /**
     * The context of a connection that continues {@code outer}'s (an h2c upgrade): same socket, its end the same
     * end; {@code outer}'s HTTP/1.1 header deadline no longer applies.
     */
    public static ReleasingReaderContext continuing(ReleasingReaderContext outer, Supplier<byte[]> reads) {
        if (outer.headerDeadline != null) {
            outer.headerDeadline.upgraded();
        }
        return new ReleasingReaderContext(outer.socket, reads, outer.end, null, outer.writer);
    }

    ReleasingReaderContext(ConnectionContext socket, Supplier<byte[]> reads, ConnectionEnd end,
                           RequestHeaderDeadline headerDeadline) {
        this(socket, reads, end, headerDeadline, new GoAwayWriter(socket.dataWriter()));
    }

    private ReleasingReaderContext(ConnectionContext socket, Supplier<byte[]> reads, ConnectionEnd end,
                                   RequestHeaderDeadline headerDeadline, GoAwayWriter writer) {
        this.socket = socket;
        this.end = end;
        this.headerDeadline = headerDeadline;
        this.writer = writer;
        // Helidon's ConnectionHandler builds its own reader the same way: only CRLF ends a line.
        this.reader = ReleasingDataReader.create(reads, false);
    }

    /** The connection speaks HTTP/2 from here on: {@code open} can tell it the server is going away. */
    public void speaksHttp2(OpenHttp2Connections open) {
        writer.speaksHttp2(open, end);
    }

    /** This connection's end, for the streams that must hear of it. */
    public ConnectionEnd end() {
        return end;
    }

    @Override
    public DataReader dataReader() {
        return reader;
    }

    @Override
    public DataWriter dataWriter() {
        return writer;
    }

    @Override
    public ListenerContext listenerContext() {
        return socket.listenerContext();
    }

    @Override
    public ExecutorService executor() {
        return socket.executor();
    }

    @Override
    public Router router() {
        return socket.router();
    }

    @Override
    public Optional<ProxyProtocolData> proxyProtocolData() {
        return socket.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
        return socket.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
        return socket.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
        return socket.localPeer();
    }

    @Override
    public boolean isSecure() {
        return socket.isSecure();
    }

    @Override
    public String socketId() {
        return socket.socketId();
    }

    @Override
    public String childSocketId() {
        return socket.childSocketId();
    }
}
