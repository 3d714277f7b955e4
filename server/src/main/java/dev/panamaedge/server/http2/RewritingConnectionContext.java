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
        DataReader raw = socket.dataReader();
        // The raw reader still holds what the selectors peeked at (the preface); it throws at end of stream,
        // which reaches the HTTP/2 connection exactly as it would without this layer.
        this.reader = DataReader.create(() -> {
            byte[] out;
            do {
                raw.ensureAvailable();
                out = frames.process(raw.readBytes(raw.available()));
            } while (out.length == 0);
            return out;
        });
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
