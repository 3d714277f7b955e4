package dev.panamaedge.server.grpc;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.http.http2.FlowControl;
import io.helidon.http.http2.Http2Flag;
import io.helidon.http.http2.Http2FrameHeader;
import io.helidon.http.http2.Http2FrameTypes;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2RstStream;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.http.http2.Http2StreamWriter;
import io.helidon.http.http2.Http2WindowUpdate;
import io.helidon.webserver.grpc.GrpcStatus;
import java.nio.charset.StandardCharsets;

/**
 * One call to a method the server does not have, answered as the gRPC HTTP/2 protocol says a server answers
 * it: a trailers-only response (one HEADERS frame with END_STREAM) with {@code :status 200},
 * {@code content-type: application/grpc}, {@code grpc-status: 12} and a {@code grpc-message} naming the
 * method, as grpc-java's server words it. The request's messages are read and dropped.
 */
final class UnimplementedCall implements io.helidon.webserver.http2.spi.Http2SubProtocolSelector.SubProtocolHandler {
    private final Http2StreamWriter writer;
    private final int streamId;
    private final String method;
    private volatile Http2StreamState state;

    UnimplementedCall(Http2StreamWriter writer, int streamId, Http2StreamState state, String path) {
        this.writer = writer;
        this.streamId = streamId;
        this.state = state;
        this.method = path.startsWith("/") ? path.substring(1) : path;
    }

    @Override
    public void init() {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(Http2Headers.STATUS_NAME, Status.OK_200.code());
        headers.set(HeaderNames.CONTENT_TYPE, "application/grpc");
        headers.set(GrpcStatus.UNIMPLEMENTED);
        headers.set(GrpcStatus.MESSAGE_NAME, percentEncoded("Method not found: " + method));
        writer.writeHeaders(Http2Headers.create(headers), streamId,
                Http2Flag.HeaderFlags.create(Http2Flag.END_OF_HEADERS | Http2Flag.END_OF_STREAM),
                FlowControl.Outbound.NOOP);
        state = next(state, Http2StreamState.HALF_CLOSED_LOCAL);
    }

    @Override
    public Http2StreamState streamState() {
        return state;
    }

    @Override
    public void rstStream(Http2RstStream rstStream) {
        state = Http2StreamState.CLOSED;
    }

    @Override
    public void windowUpdate(Http2WindowUpdate windowUpdate) {
    }

    @Override
    public void data(Http2FrameHeader header, BufferData data) {
        if (header.flags(Http2FrameTypes.DATA).endOfStream()) {
            state = next(state, Http2StreamState.HALF_CLOSED_REMOTE);
        }
    }

    /** Both halves closed make the stream closed (RFC 9113 §5.1). */
    private static Http2StreamState next(Http2StreamState current, Http2StreamState halfClosed) {
        if (current == Http2StreamState.CLOSED) {
            return current;
        }
        boolean otherHalfClosed = halfClosed == Http2StreamState.HALF_CLOSED_LOCAL
                ? current == Http2StreamState.HALF_CLOSED_REMOTE : current == Http2StreamState.HALF_CLOSED_LOCAL;
        return otherHalfClosed ? Http2StreamState.CLOSED : halfClosed;
    }

    /** grpc-message is percent-encoded UTF-8: bytes outside 0x20–0x7E, and '%', become %XX (gRPC over HTTP/2). */
    static String percentEncoded(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (byte x : message.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x20 || c > 0x7e || c == '%') {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
