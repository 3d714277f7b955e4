package dev.panamaedge.server;

import dev.panamaedge.server.security.RefusedRequestException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place where exceptions become protocol errors (STYLE §2.3): invalid input 400 / INVALID_ARGUMENT,
 * unknown model 404 / NOT_FOUND, full queue 503 / RESOURCE_EXHAUSTED, too large 413 / RESOURCE_EXHAUSTED,
 * model not ready 503 / UNAVAILABLE, anything else 500 / INTERNAL, logged once with a request id that the
 * client also sees, so an operator can find the stack trace from a user's report.
 */
public final class ErrorMapping {
    private static final AtomicLong NEXT_ID = new AtomicLong();
    private static final RejectionLog REJECTIONS = new RejectionLog(10_000_000_000L, System::nanoTime);
    private static final InternalErrorLog INTERNAL = new InternalErrorLog(10_000_000_000L, System::nanoTime);
    /** nginx's code for a client that closed the connection before the reply: never sent, only counted and logged. */
    static final int CLIENT_CLOSED = 499;

    private ErrorMapping() {
    }

    /** One mapped error: HTTP status, gRPC status code and the message both protocols carry. */
    public record Mapped(int httpStatus, Status.Code grpcCode, String message) {
        /** The KServe error body, {@code {"error": "…"}}. */
        public String json() {
            return "{\"error\":" + Json.quote(message) + "}";
        }

        public StatusRuntimeException grpc() {
            return Status.fromCode(grpcCode).withDescription(message).asRuntimeException();
        }
    }

    /**
     * Maps {@code error} (unwrapping completion wrappers). Internal errors are logged here, once each;
     * rejections (every other status) through {@link RejectionLog}, summarised per interval.
     */
    public static Mapped map(Throwable error) {
        Mapped m = mapQuietly(error);
        if (m.httpStatus() != 500) {
            REJECTIONS.rejected(m.httpStatus(), m.grpcCode().name(), m.message());
        }
        return m;
    }

    private static Mapped mapQuietly(Throwable error) {
        Throwable t = unwrap(error);
        return switch (t) {
            case RefusedRequestException e -> new Mapped(e.httpStatus(), e.grpcCode(), e.getMessage());
            case ModelNotFoundException e -> new Mapped(404, Status.Code.NOT_FOUND, e.getMessage());
            case QueueFullException e -> new Mapped(503, Status.Code.RESOURCE_EXHAUSTED, e.getMessage());
            case PayloadTooLargeException e -> new Mapped(413, Status.Code.RESOURCE_EXHAUSTED, e.getMessage());
            case ModelUnavailableException e -> new Mapped(503, Status.Code.UNAVAILABLE, e.getMessage());
            case PermissionDeniedException e -> new Mapped(403, Status.Code.PERMISSION_DENIED, e.getMessage());
            case IllegalArgumentException e -> new Mapped(400, Status.Code.INVALID_ARGUMENT, message(e));
            case StatusRuntimeException e -> fromGrpc(e.getStatus());
            default -> {
                if (clientClosed(t)) {
                    yield new Mapped(CLIENT_CLOSED, Status.Code.CANCELLED, "the client closed the connection before"
                            + " the request was read");
                }
                String id = "req-" + NEXT_ID.incrementAndGet();
                INTERNAL.failed(id, t);
                yield new Mapped(500, Status.Code.INTERNAL, "internal error (request id " + id + "): "
                        + t.getClass().getSimpleName());
            }
        };
    }

    /** The gRPC form of {@link #map}. */
    public static StatusRuntimeException grpc(Throwable error) {
        return map(error).grpc();
    }

    /**
     * An upload cut off by the client (reset, closed, or ended before its Content-Length): the client's doing,
     * not the server's, so a rejection to count rather than an internal error with a stack trace.
     */
    static boolean clientClosed(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String name = c.getClass().getName();
            if (name.equals("io.helidon.webserver.ServerConnectionException")
                    || name.equals("io.helidon.common.buffers.DataReader$InsufficientDataAvailableException")
                    || c instanceof java.nio.channels.ClosedChannelException
                    || c instanceof java.net.SocketException && String.valueOf(c.getMessage()).matches(
                    "(?i).*(reset|broken pipe|closed).*")) {
                return true;
            }
        }
        return false;
    }

    private static Mapped fromGrpc(Status status) {
        int http = switch (status.getCode()) {
            case INVALID_ARGUMENT -> 400;
            case NOT_FOUND -> 404;
            case PERMISSION_DENIED -> 403;
            case RESOURCE_EXHAUSTED, UNAVAILABLE -> 503;
            default -> 500;
        };
        return new Mapped(http, status.getCode(), String.valueOf(status.getDescription()));
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
