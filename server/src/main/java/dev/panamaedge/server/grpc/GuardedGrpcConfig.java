package dev.panamaedge.server.grpc;

import dev.panamaedge.server.MemoryBudget;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.spi.ProtocolConfig;
import java.util.Objects;

/**
 * Helidon's gRPC protocol, with every stream read through a {@link GrpcStreamGuard}: use it in place of the
 * {@link GrpcConfig} in a listener's protocols, and {@link GuardedGrpcProvider} (registered as a service)
 * creates Helidon's own gRPC selector from {@code grpc} and wraps its handlers.
 *
 * @param grpc            Helidon's gRPC settings
 * @param maxMessageBytes request messages declaring more are answered RESOURCE_EXHAUSTED from their prefix
 * @param messageBudget   what request messages hold while they arrive (the request bodies' budget)
 * @param messageTimeoutMillis a request message not received whole this long after its prefix is answered
 *                        DEADLINE_EXCEEDED
 */
public record GuardedGrpcConfig(GrpcConfig grpc, long maxMessageBytes, MemoryBudget messageBudget,
                                long messageTimeoutMillis) implements ProtocolConfig {
    static final String TYPE = "panama-edge-guarded-grpc";

    public GuardedGrpcConfig {
        Objects.requireNonNull(grpc, "grpc");
        Objects.requireNonNull(messageBudget, "messageBudget");
        if (messageTimeoutMillis < 1) {
            throw new IllegalArgumentException("messageTimeoutMillis must be positive, got " + messageTimeoutMillis);
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
        }
    }

    @Override
    public String name() {
        return grpc.name();
    }

    @Override
    public String type() {
        return TYPE;
    }
}
