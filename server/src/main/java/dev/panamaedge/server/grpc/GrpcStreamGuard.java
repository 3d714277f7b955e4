package dev.panamaedge.server.grpc;

import io.grpc.Status;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import io.helidon.http.http2.Http2ErrorCode;
import io.helidon.http.http2.Http2Flag;
import io.helidon.http.http2.Http2FrameHeader;
import io.helidon.http.http2.Http2FrameTypes;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2RstStream;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.http.http2.Http2StreamWriter;
import io.helidon.http.http2.Http2WindowUpdate;
import io.helidon.http.http2.StreamFlowControl;
import io.helidon.webserver.http2.spi.Http2SubProtocolSelector.SubProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A workaround for Helidon 4.5.0's gRPC stream handler, which catches every failure to read a request message
 * (bytes protobuf cannot parse, a compressed flag without {@code grpc-encoding}, a length over its buffer cap),
 * logs it and answers nothing: the client waits for its deadline. A length prefix of 2 GiB or more it reads
 * as a negative int and waits for the body. This wrapper around Helidon's handler answers each of these at
 * once with a trailers-only response and resets Helidon's side of the stream (its listener hears onCancel):
 *
 * <ul>
 *   <li>from each message's 5-byte prefix, before Helidon buffers anything: a flag other than 0 or 1, or 1
 *       without a declared encoding, INTERNAL (what grpc-java's own server answers; the gRPC spec says the
 *       flag must be 0 without {@code grpc-encoding}); a length over {@code maxMessageBytes},
 *       RESOURCE_EXHAUSTED naming both sizes, without waiting for the body;</li>
 *   <li>after Helidon's parse failed: {@link AliasingMarshaller} records the failure on this thread (Helidon
 *       parses inside {@link #data}, on the caller's thread) and the guard answers INVALID_ARGUMENT with it.</li>
 * </ul>
 *
 * Once Helidon's own handler has answered (e.g. {@link UncompressedRequestsOnly}), the guard only passes data
 * on. Remove it when Helidon answers these itself; {@code GrpcWireFailuresTest} shows what the client gets.
 */
final class GrpcStreamGuard implements SubProtocolHandler {
    private static final ThreadLocal<Status> UNDECODABLE = new ThreadLocal<>();
    private static final HeaderName GRPC_ENCODING = HeaderNames.create("grpc-encoding");
    private static final HeaderName GRPC_STATUS = HeaderNames.create("grpc-status");
    private static final HeaderName GRPC_MESSAGE = HeaderNames.create("grpc-message");
    private static final int PREFIX_BYTES = 5;

    private final SubProtocolHandler helidon;
    private final Http2StreamWriter writer;
    private final int streamId;
    private final StreamFlowControl flowControl;
    private final long maxMessageBytes;
    private final boolean encodingDeclared;

    // Message framing, across DATA frames (which Helidon delivers one at a time, in order, for this stream).
    private int prefixRead;
    private int flag;
    private long length;
    private long bodyLeft;

    private volatile boolean answered;
    private volatile boolean clientEnded;

    GrpcStreamGuard(SubProtocolHandler helidon, Http2Headers headers, Http2StreamWriter writer, int streamId,
                    StreamFlowControl flowControl, long maxMessageBytes) {
        this.helidon = helidon;
        this.writer = writer;
        this.streamId = streamId;
        this.flowControl = flowControl;
        this.maxMessageBytes = maxMessageBytes;
        this.encodingDeclared = headers.httpHeaders().contains(GRPC_ENCODING)
                && !headers.httpHeaders().get(GRPC_ENCODING).get().equals("identity");
    }

    /** Called by {@link AliasingMarshaller} when a message does not parse, just before it throws to Helidon. */
    static void undecodable(Status status) {
        UNDECODABLE.set(status);
    }

    @Override
    public void init() {
        helidon.init();
    }

    @Override
    public Http2StreamState streamState() {
        if (answered) {
            return clientEnded ? Http2StreamState.CLOSED : Http2StreamState.HALF_CLOSED_LOCAL;
        }
        return helidon.streamState();
    }

    @Override
    public void rstStream(Http2RstStream rstStream) {
        clientEnded = true;
        helidon.rstStream(rstStream);
    }

    @Override
    public void windowUpdate(Http2WindowUpdate update) {
        helidon.windowUpdate(update);
    }

    @Override
    public void data(Http2FrameHeader header, BufferData data) {
        boolean end = header.flags(Http2FrameTypes.DATA).endOfStream();
        if (answered) {
            clientEnded |= end;
            return; // what the client still sends of a refused request is dropped, as after any final status
        }
        Http2StreamState state = helidon.streamState();
        if (state != Http2StreamState.HALF_CLOSED_LOCAL && state != Http2StreamState.CLOSED) {
            Optional<Status> refused = scan(data);
            if (refused.isPresent()) {
                answer(refused.get(), end);
                return;
            }
        }
        UNDECODABLE.remove();
        try {
            helidon.data(header, data);
        } finally {
            Status undecodable = UNDECODABLE.get();
            UNDECODABLE.remove();
            if (undecodable != null && !answered) {
                answer(undecodable, end);
            }
        }
    }

    /** Walks the message prefixes in {@code data} without consuming it; the first bad one is refused. */
    private Optional<Status> scan(BufferData data) {
        int available = data.available();
        int i = 0;
        while (i < available) {
            if (bodyLeft > 0) {
                int skip = (int) Math.min(bodyLeft, available - i);
                i += skip;
                bodyLeft -= skip;
                continue;
            }
            int b = data.get(i++) & 0xff;
            if (prefixRead == 0) {
                flag = b;
                length = 0;
            } else {
                length = (length << 8) | b;
            }
            if (++prefixRead < PREFIX_BYTES) {
                continue;
            }
            prefixRead = 0;
            if (flag > 1) {
                return Optional.of(Status.INTERNAL.withDescription("message flag byte is " + flag
                        + "; only 0 (uncompressed) and 1 (compressed) exist"));
            }
            if (flag == 1 && !encodingDeclared) {
                return Optional.of(Status.INTERNAL.withDescription(
                        "message has the compressed flag set, but the request has no grpc-encoding"));
            }
            if (length > maxMessageBytes) {
                return Optional.of(Status.RESOURCE_EXHAUSTED.withDescription("message of " + length
                        + " bytes exceeds the limit of " + maxMessageBytes + " bytes"));
            }
            bodyLeft = length;
        }
        return Optional.empty();
    }

    /** Ends Helidon's side of the call (its listener hears onCancel), then sends the status as trailers only. */
    private void answer(Status status, boolean end) {
        answered = true;
        clientEnded = end;
        helidon.rstStream(new Http2RstStream(Http2ErrorCode.CANCEL));
        WritableHeaders<?> trailers = WritableHeaders.create();
        trailers.set(HeaderNames.CONTENT_TYPE, "application/grpc");
        trailers.set(GRPC_STATUS, Integer.toString(status.getCode().value()));
        if (status.getDescription() != null) {
            trailers.set(GRPC_MESSAGE, percentEncoded(status.getDescription()));
        }
        Http2Headers headers = Http2Headers.create(trailers);
        headers.status(io.helidon.http.Status.OK_200);
        writer.writeHeaders(headers, streamId, Http2Flag.HeaderFlags.create(Http2Flag.END_OF_HEADERS
                | Http2Flag.END_OF_STREAM), flowControl.outbound());
    }

    /** grpc-message is percent-encoded UTF-8: printable ASCII except '%' passes as is (gRPC over HTTP/2). */
    static String percentEncoded(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
