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
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The listener's connection context with one change: the connection reads through a
 * {@link ReleasingDataReader} over the reads given, so a long-lived connection holds no bytes it has consumed,
 * and, for HTTP/2, writes through a {@link ServerFramesWriter}, so that the connection can be told of the server's
 * shutdown.
 */
public final class ReleasingReaderContext implements ConnectionContext {

    private final ConnectionContext socket;
    private final DataReader reader;
    private final ConnectionEnd end;
    private final RequestHeaderDeadline headerDeadline;
    private final DataWriter writer;

    /**
     * An HTTP/2 connection's context, which {@code open} can tell the server is going away.
     *
     * @param socket the context Helidon's listener gave the selector
     * @param reads  the connection's bytes, usually {@link SocketReads#of} {@code socket} or a rewriting of them
     */
    public static ReleasingReaderContext http2(ConnectionContext socket, Supplier<byte[]> reads,
                                               OpenHttp2Connections open) {
        return new ReleasingReaderContext(socket, credit -> reads, new ConnectionEnd(), null, open);
    }

    /**
     * The context of an HTTP/2 connection that continues {@code outer}'s (an h2c upgrade): same socket, its end
     * the same end; {@code outer}'s HTTP/1.1 header deadline no longer applies.
     */
    public static ReleasingReaderContext continuing(ReleasingReaderContext outer, Supplier<byte[]> reads,
                                                    OpenHttp2Connections open) {
        if (outer.headerDeadline != null) {
            outer.headerDeadline.upgraded();
        }
        return new ReleasingReaderContext(outer.socket, credit -> reads, outer.end, null, open);
    }

    /**
     * @param reads          the connection's bytes, given how to credit an HTTP/2 connection's flow-control window
     *                       for DATA dropped before Helidon reads it (for HTTP/1.1, it must not be called)
     * @param headerDeadline the HTTP/1.1 header deadline of the connection, or null
     * @param http2          where an HTTP/2 connection is listed (its writer a {@link ServerFramesWriter}); null for
     *                       HTTP/1.1, which writes straight to the socket
     */
    ReleasingReaderContext(ConnectionContext socket, Function<IntConsumer, Supplier<byte[]>> reads, ConnectionEnd end,
                           RequestHeaderDeadline headerDeadline, OpenHttp2Connections http2) {
        this.socket = socket;
        this.end = end;
        this.headerDeadline = headerDeadline;
        IntConsumer credit;
        if (http2 == null) {
            this.writer = socket.dataWriter();
            credit = bytes -> {
                throw new IllegalStateException("an HTTP/1.1 connection has no flow-control window");
            };
        } else {
            ServerFramesWriter frames = ServerFramesWriter.listed(socket.dataWriter(), http2, end);
            this.writer = frames;
            credit = frames::creditConnection;
        }
        // Helidon's ConnectionHandler builds its own reader the same way: only CRLF ends a line.
        this.reader = ReleasingDataReader.create(reads.apply(credit), false);
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
