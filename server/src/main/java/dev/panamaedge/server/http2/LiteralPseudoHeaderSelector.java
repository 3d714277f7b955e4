package dev.panamaedge.server.http2;

import dev.panamaedge.server.connection.OpenHttp2Connections;
import dev.panamaedge.server.connection.ReleasingReaderSelector;
import io.helidon.webserver.http2.Http2Config;
import io.helidon.webserver.http2.Http2ConnectionProvider;
import io.helidon.webserver.spi.ProtocolConfig;
import java.util.List;
import java.util.Objects;

/**
 * The selector for Helidon's own HTTP/2 (prior knowledge) connection, reading the client's bytes through
 * {@link HeaderBlockFrames} so that request headers naming a pseudo-header literally reach Helidon as
 * static-table references.
 *
 * <p>Registered as the listener's first connection selector, it takes every prior-knowledge HTTP/2
 * connection (gRPC clients use nothing else); HTTP/1.1, and h2c upgrades from it, stay with the HTTP/1.1
 * selector. Header blocks of more frames than {@link HeaderBlockFrameLimit} allows fail the connection before
 * anything else sees them. Without it Python's grpcio (tritonclient.grpc) cannot call the server at all: see
 * {@link PseudoHeaderNames}. Like HTTP/1.1 connections, it reads through a {@code ReleasingDataReader}.
 */
public final class LiteralPseudoHeaderSelector {

    private LiteralPseudoHeaderSelector() {
    }

    /**
     * @param listenerName the listener this selector serves (Helidon's default is {@code "@default"})
     * @param http2Config  the HTTP/2 settings Helidon would use
     * @param subProtocols the listener's other protocol configurations (gRPC's among them)
     * @param open         where its connections are listed, to be told of the server's shutdown
     * @return a selector to add first to the listener's connection selectors
     */
    public static ReleasingReaderSelector create(String listenerName, Http2Config http2Config,
                                                 List<ProtocolConfig> subProtocols, OpenHttp2Connections open) {
        Objects.requireNonNull(http2Config, "http2Config");
        // A compressed block is no larger than the header list it decodes to, plus a little; Helidon enforces
        // its own limit on what passes through unchanged.
        long limit = Math.max(64L * 1024, 2L * http2Config.maxHeaderListSize());
        int maxBlockBytes = (int) Math.min(limit, 16L * 1024 * 1024);
        return ReleasingReaderSelector.create(new Http2ConnectionProvider(), listenerName, http2Config, subProtocols,
                (reads, credit) -> new RewrittenReads(new HeaderBlockFrameLimit(reads,
                        HeaderBlockFrameLimit.DEFAULT_MAX_FRAMES), new HeaderBlockFrames(maxBlockBytes, credit)),
                Objects.requireNonNull(open, "open"));
    }
}
