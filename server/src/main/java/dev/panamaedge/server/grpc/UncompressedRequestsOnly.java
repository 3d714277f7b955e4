package dev.panamaedge.server.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Answers a compressed request (a {@code grpc-encoding} other than identity) with UNIMPLEMENTED and
 * {@code grpc-accept-encoding: identity}, as the gRPC compression spec asks of a server that does not support
 * the client's algorithm. The server runs with Helidon's compression off (so replies are never gzipped), and
 * Helidon would then parse the compressed bytes as protobuf and fail with an unclear INTERNAL.
 */
public final class UncompressedRequestsOnly implements ServerInterceptor {
    private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ACCEPT_ENCODING = Metadata.Key.of("grpc-accept-encoding",
            Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String encoding = headers.get(ENCODING);
        if (encoding == null || encoding.equals("identity")) {
            return next.startCall(call, headers);
        }
        Metadata trailers = new Metadata();
        trailers.put(ACCEPT_ENCODING, "identity");
        call.close(Status.UNIMPLEMENTED.withDescription("compressed requests (grpc-encoding: " + encoding
                + ") are not accepted; send them uncompressed"), trailers);
        return new ServerCall.Listener<>() {
        };
    }
}
