package dev.panamaedge.server.security;

import dev.panamaedge.server.ErrorMapping;
import dev.panamaedge.server.grpc.RefusedCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.helidon.webserver.grpc.GrpcConnectionContext;
import io.helidon.webserver.grpc.ServerContextKeys;
import java.util.Optional;

/**
 * {@link Authentication} for gRPC: a call without a valid client certificate or {@code authorization: Bearer}
 * metadata ends at once with UNAUTHENTICATED (ServerLive and ServerReady stay open with {@code health-open}).
 */
public final class GrpcAuthentication implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Authentication authentication;

    public GrpcAuthentication(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                        ServerCallHandler<Q, R> next) {
        if (!authentication.required() || authentication.isOpenGrpc(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        GrpcConnectionContext connection = ServerContextKeys.CONNECTION_CONTEXT.get();
        if (authentication.isAuthenticated(connection == null ? null : connection.remotePeer(),
                Optional.ofNullable(headers.get(AUTHORIZATION)))) {
            return next.startCall(call, headers);
        }
        Status status = ErrorMapping.map(new RefusedRequestException(401, Status.Code.UNAUTHENTICATED,
                "authentication required: a client certificate or authorization: Bearer metadata")).grpc().getStatus();
        return RefusedCall.refuse(call, status);
    }
}
