package dev.panamaedge.server.grpc;

import dev.panamaedge.server.connection.ReleasingReaderContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.grpc.GrpcProtocolSelector;
import io.helidon.webserver.http2.spi.Http2SubProtocolProvider;
import io.helidon.webserver.http2.spi.Http2SubProtocolSelector;
import io.helidon.webserver.http2.spi.SubProtocolResult;

/**
 * The HTTP/2 sub-protocol for a {@link GuardedGrpcConfig}: Helidon's gRPC selector with unknown methods
 * answered UNIMPLEMENTED ({@link UnimplementedMethods}), each of its stream handlers wrapped in a
 * {@link GrpcStreamGuard}, which hears when its connection ends. Found by Helidon's service loader
 * ({@code META-INF/services/io.helidon.webserver.http2.spi.Http2SubProtocolProvider}), for prior-knowledge
 * connections and h2c upgrades alike.
 */
public final class GuardedGrpcProvider implements Http2SubProtocolProvider<GuardedGrpcConfig> {

    /** For the service loader. */
    public GuardedGrpcProvider() {
    }

    @Override
    public String protocolType() {
        return GuardedGrpcConfig.TYPE;
    }

    @Override
    public Class<GuardedGrpcConfig> protocolConfigType() {
        return GuardedGrpcConfig.class;
    }

    @Override
    public Http2SubProtocolSelector create(GuardedGrpcConfig config, ProtocolConfigs configs) {
        Http2SubProtocolSelector helidon = new UnimplementedMethods(GrpcProtocolSelector.create(config.grpc()));
        return (ctx, prologue, headers, writer, streamId, serverSettings, clientSettings, flowControl, state,
                router) -> {
            SubProtocolResult result = helidon.subProtocol(ctx, prologue, headers, writer, streamId, serverSettings,
                    clientSettings, flowControl, state, router);
            if (!result.supported()) {
                return result;
            }
            GrpcStreamGuard guard = new GrpcStreamGuard(result.subProtocol(), headers, writer, streamId, flowControl,
                    config.maxMessageBytes(), config.messageBudget(), config.messageTimeoutMillis());
            if (ctx instanceof ReleasingReaderContext connection) {
                connection.end().register(guard); // every connection of ours: its selectors make this context
            }
            return new SubProtocolResult(true, guard);
        };
    }
}
