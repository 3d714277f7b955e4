package dev.panamaedge.server.http2;

import dev.panamaedge.server.connection.ReleasingReaderContext;
import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http2.Http2Config;
import io.helidon.webserver.http2.Http2ConnectionProvider;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Helidon's own HTTP/2 (prior knowledge) connection, reading the client's bytes through
 * {@link HeaderBlockFrames} so that request headers naming a pseudo-header literally reach Helidon as
 * static-table references.
 *
 * <p>Registered as the listener's first connection selector, it takes every prior-knowledge HTTP/2
 * connection (gRPC clients use nothing else); HTTP/1.1, and h2c upgrades from it, stay with Helidon's
 * selectors. Without it Python's grpcio (tritonclient.grpc) cannot call the server at all: see
 * {@link PseudoHeaderNames}. The connection reads through a {@code ReleasingDataReader}, as HTTP/1.1 ones do.
 */
public final class LiteralPseudoHeaderSelector implements ServerConnectionSelector {

    private final ServerConnectionSelector http2;
    private final int maxBlockBytes;

    private LiteralPseudoHeaderSelector(ServerConnectionSelector http2, int maxBlockBytes) {
        this.http2 = http2;
        this.maxBlockBytes = maxBlockBytes;
    }

    /**
     * @param listenerName the listener this selector serves (Helidon's default is {@code "@default"})
     * @param http2Config  the HTTP/2 settings Helidon would use
     * @param subProtocols the listener's other protocol configurations (gRPC's among them)
     * @return a selector to add first to the listener's connection selectors
     */
    public static LiteralPseudoHeaderSelector create(String listenerName, Http2Config http2Config,
                                                     List<ProtocolConfig> subProtocols) {
        Objects.requireNonNull(http2Config, "http2Config");
        List<ProtocolConfig> all = new ArrayList<>(subProtocols);
        all.add(http2Config);
        ServerConnectionSelector helidon = new Http2ConnectionProvider()
                .create(listenerName, http2Config, ProtocolConfigs.create(all));
        // A compressed block is no larger than the header list it decodes to, plus a little; Helidon enforces
        // its own limit on what passes through unchanged.
        long limit = Math.max(64L * 1024, 2L * http2Config.maxHeaderListSize());
        return new LiteralPseudoHeaderSelector(helidon, (int) Math.min(limit, 16L * 1024 * 1024));
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http2.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData request) {
        return http2.supports(request);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http2.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return http2.connection(new ReleasingReaderContext(ctx, new RewrittenReads(
                ReleasingReaderContext.socketReads(ctx), new HeaderBlockFrames(maxBlockBytes))));
    }
}
