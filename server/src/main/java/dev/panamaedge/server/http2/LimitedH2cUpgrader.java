package dev.panamaedge.server.http2;

import dev.panamaedge.server.connection.OpenHttp2Connections;
import dev.panamaedge.server.connection.ReleasingReaderContext;
import dev.panamaedge.server.connection.SocketReads;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Helidon's HTTP/1.1 → h2c upgrade, with the HTTP/2 connection it creates reading the client's bytes through
 * a {@link HeaderBlockFrameLimit}, as prior-knowledge connections do: the upgrade is the other way into
 * HTTP/2, and Helidon's own limits hold no better there.
 *
 * <p>The upgraded connection reads what the HTTP/1.1 reader already holds (the preface often came with the
 * upgrade request), then the socket, through {@link SocketReads}.
 */
final class LimitedH2cUpgrader implements Http1Upgrader {

    private final Http1Upgrader helidon;
    private final int maxHeaderBlockFrames;
    private final OpenHttp2Connections open;

    /**
     * @param helidon              Helidon's h2c upgrader
     * @param maxHeaderBlockFrames the most frames one header block may span
     * @param open                 where upgraded connections are listed, to be told of the server's shutdown
     */
    LimitedH2cUpgrader(Http1Upgrader helidon, int maxHeaderBlockFrames, OpenHttp2Connections open) {
        this.helidon = Objects.requireNonNull(helidon, "helidon");
        this.maxHeaderBlockFrames = maxHeaderBlockFrames;
        this.open = open;
    }

    @Override
    public String supportedProtocol() {
        return helidon.supportedProtocol();
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        // The upgraded connection continues the HTTP/1.1 one: the same end for its streams to hear.
        Supplier<byte[]> reads = new HeaderBlockFrameLimit(SocketReads.of(ctx), maxHeaderBlockFrames);
        ConnectionContext limited = ctx instanceof ReleasingReaderContext outer
                ? ReleasingReaderContext.continuing(outer, reads, open)
                : ReleasingReaderContext.http2(ctx, reads, open);
        return helidon.upgrade(limited, prologue, headers);
    }
}
