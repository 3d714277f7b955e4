package dev.panamaedge.server.grpc;

import io.helidon.http.HttpPrologue;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2Settings;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.http.http2.Http2StreamWriter;
import io.helidon.http.http2.StreamFlowControl;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.Router;
import io.helidon.webserver.http2.spi.Http2SubProtocolSelector;
import io.helidon.webserver.http2.spi.SubProtocolResult;
import java.util.Objects;

/**
 * Helidon's gRPC sub-protocol selector, except for calls to a service or method the routing does not have:
 * those get the gRPC answer, HTTP 200 with {@code grpc-status: 12} (UNIMPLEMENTED), instead of Helidon
 * 4.5.0's HTTP 404 with {@code grpc-status: 5} and no content type, which clients report as a transport
 * error ("unexpected HTTP status code 404") rather than a missing method.
 *
 * <p>The workaround is this one class and {@link UnimplementedCall}: it recognises Helidon's not-found
 * handler by its class name and replaces only that. {@code UnknownGrpcMethodTest} fails once Helidon answers
 * unknown methods correctly on its own, and then both classes can go.
 */
public final class UnimplementedMethods implements Http2SubProtocolSelector {
    /** The handler Helidon's {@code GrpcProtocolSelector} returns when no route matches the path. */
    static final String HELIDON_NOT_FOUND = "io.helidon.webserver.grpc.GrpcProtocolHandlerNotFound";

    private final Http2SubProtocolSelector grpc;

    public UnimplementedMethods(Http2SubProtocolSelector grpc) {
        this.grpc = Objects.requireNonNull(grpc, "grpc");
    }

    @Override
    public SubProtocolResult subProtocol(ConnectionContext ctx, HttpPrologue prologue, Http2Headers headers,
                                         Http2StreamWriter streamWriter, int streamId, Http2Settings serverSettings,
                                         Http2Settings clientSettings, StreamFlowControl flowControl,
                                         Http2StreamState currentStreamState, Router router) {
        SubProtocolResult result = grpc.subProtocol(ctx, prologue, headers, streamWriter, streamId, serverSettings,
                clientSettings, flowControl, currentStreamState, router);
        if (result.supported() && result.subProtocol() != null
                && result.subProtocol().getClass().getName().equals(HELIDON_NOT_FOUND)) {
            return new SubProtocolResult(true, new UnimplementedCall(streamWriter, streamId, currentStreamState,
                    prologue.uriPath().path()));
        }
        return result;
    }
}
