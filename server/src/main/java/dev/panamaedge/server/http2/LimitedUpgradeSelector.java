package dev.panamaedge.server.http2;

import dev.panamaedge.server.connection.OpenHttp2Connections;
import dev.panamaedge.server.connection.ReleasingReaderSelector;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.http2.Http2Config;
import io.helidon.webserver.http2.Http2UpgradeProvider;
import io.helidon.webserver.spi.ProtocolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The selector for Helidon's HTTP/1.1 connections, whose h2c upgrade is a {@link LimitedH2cUpgrader}: the same
 * selector Helidon's provider builds for HTTP/1.1 with HTTP/2 configured, reading through a
 * {@code ReleasingDataReader} like every connection of this server.
 */
public final class LimitedUpgradeSelector {

    private LimitedUpgradeSelector() {
    }

    /**
     * @param listenerName the listener this selector serves
     * @param http1Config  the HTTP/1.1 settings
     * @param http2Config  the HTTP/2 settings of upgraded connections
     * @param subProtocols the HTTP/2 sub-protocols (gRPC) an upgraded connection may serve
     * @param open         where upgraded connections are listed, to be told of the server's shutdown
     */
    public static ReleasingReaderSelector create(String listenerName, Http1Config http1Config,
                                                 Http2Config http2Config, List<ProtocolConfig> subProtocols,
                                                 OpenHttp2Connections open) {
        Objects.requireNonNull(listenerName, "listenerName");
        List<ProtocolConfig> all = new ArrayList<>(subProtocols);
        all.add(http2Config);
        var h2c = new Http2UpgradeProvider().create(http2Config, ProtocolConfigs.create(all));
        Http1ConnectionSelector selector = Http1ConnectionSelector.builder()
                .config(http1Config)
                .addUpgrader(new LimitedH2cUpgrader(h2c, HeaderBlockFrameLimit.DEFAULT_MAX_FRAMES,
                        Objects.requireNonNull(open, "open")))
                .build();
        return ReleasingReaderSelector.http1(selector);
    }
}
