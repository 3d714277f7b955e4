package dev.panamaedge.server.grpc;

import io.helidon.common.HelidonServiceLoader;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.http2.Http2Config;
import io.helidon.webserver.http2.Http2ConnectionSelector;
import io.helidon.webserver.http2.spi.Http2SubProtocolProvider;
import io.helidon.webserver.http2.spi.Http2SubProtocolSelector;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.helidon.webserver.spi.ServerConnectionSelectorProvider;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Helidon's HTTP/2 connection selector built as Helidon's {@code Http2ConnectionProvider} builds it (every
 * sub-protocol provider on the class path, with its configurations), with each gRPC sub-protocol wrapped in
 * {@link UnimplementedMethods}.
 */
public final class GrpcHttp2Connections implements ServerConnectionSelectorProvider<Http2Config> {
    private final List<Http2SubProtocolProvider> providers =
            HelidonServiceLoader.create(ServiceLoader.load(Http2SubProtocolProvider.class)).asList();

    @Override
    public Class<Http2Config> protocolConfigType() {
        return Http2Config.class;
    }

    @Override
    public String protocolType() {
        return "http_2";
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public ServerConnectionSelector create(String listenerName, Http2Config config, ProtocolConfigs configs) {
        Http2ConnectionSelector.Builder b = Http2ConnectionSelector.builder().http2Config(config);
        for (Http2SubProtocolProvider provider : providers) {
            for (Object c : configs.config(provider.protocolType(), provider.protocolConfigType())) {
                Http2SubProtocolSelector s = provider.create((ProtocolConfig) c, configs);
                b.addSubProtocolSelector(c instanceof GrpcConfig ? new UnimplementedMethods(s) : s);
            }
        }
        return b.build();
    }
}
