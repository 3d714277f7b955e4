package dev.panamaedge.server.connection;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionProvider;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Helidon's own HTTP/1.1 connection (and the h2c upgrade from it), reading the client's bytes through a
 * {@link ReleasingDataReader}: a keep-alive client that pauses and then sends again must not pin in the heap
 * everything it sends after the pause.
 *
 * <p>Registered as a listener connection selector ahead of the ones Helidon adds for its protocol
 * configurations, so it takes every HTTP/1.1 connection; Helidon's own HTTP/1.1 selector is never reached.
 */
public final class ReleasingHttp1Selector implements ServerConnectionSelector {

    private final ServerConnectionSelector http1;

    private ReleasingHttp1Selector(ServerConnectionSelector http1) {
        this.http1 = http1;
    }

    /**
     * @param listenerName the listener this selector serves (Helidon's default is {@code "@default"})
     * @param http1Config  the HTTP/1.1 settings Helidon would use
     * @param protocols    the listener's other protocol configurations (HTTP/2 for h2c upgrades, gRPC)
     * @return a selector to add to the listener's connection selectors
     */
    public static ReleasingHttp1Selector create(String listenerName, Http1Config http1Config,
                                                List<ProtocolConfig> protocols) {
        Objects.requireNonNull(http1Config, "http1Config");
        List<ProtocolConfig> all = new ArrayList<>(protocols);
        all.add(http1Config);
        return new ReleasingHttp1Selector(new Http1ConnectionProvider()
                .create(listenerName, http1Config, ProtocolConfigs.create(all)));
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData request) {
        return http1.supports(request);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return http1.connection(new ReleasingReaderContext(ctx, ReleasingReaderContext.socketReads(ctx)));
    }
}
