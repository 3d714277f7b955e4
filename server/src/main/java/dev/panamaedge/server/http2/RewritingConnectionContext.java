package dev.panamaedge.server.http2;

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

/** A connection context whose reader yields the socket's bytes after {@link HeaderBlockFrames}; all else is the socket's. */
final class RewritingConnectionContext implements ConnectionContext {

    private final ConnectionContext socket;
    private final DataReader reader;

    RewritingConnectionContext(ConnectionContext socket, HeaderBlockFrames frames) {
        this.socket = socket;
        // Helidon 4.5.0's ConnectionHandler, the only caller of connection selectors, builds its dataReader()
        // over its serverSocket() (re-check on a Helidon upgrade); from here on only this reader reads it.
        this.reader = DataReader.create(new RewrittenReads(socket.dataReader(), socket.serverSocket(), frames));
    }

    @Override
    public DataReader dataReader() {
        return reader;
    }

    @Override
    public DataWriter dataWriter() {
        return socket.dataWriter();
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
