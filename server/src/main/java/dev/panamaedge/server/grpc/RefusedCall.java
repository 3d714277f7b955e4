package dev.panamaedge.server.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * Refuses a gRPC call without starting its handler, but only after reading what the client sends. Closed at
 * once, the call's request bytes would stay unread in Helidon's HTTP/2 connection: they count against the
 * connection's flow-control window, which is then never given back, and after a few refused calls of ~100 KB
 * the admitted calls on the same connection can no longer receive their own messages and hang.
 */
public final class RefusedCall {
    private RefusedCall() {
    }

    /**
     * For a streaming call (a camera may never half-close): closes with {@code status} at its first message or
     * half-close, whichever comes first. Not at once: closed before the interceptor returns its listener, Helidon
     * 4.5.0 marks the stream CLOSED while the client still sends, and fails the whole connection with
     * PROTOCOL_ERROR at the next DATA frame.
     */
    public static <Q, R> ServerCall.Listener<Q> refuseStream(ServerCall<Q, R> call, Status status) {
        return refusing(call, status, true);
    }

    /** The listener to return from an interceptor: reads every message, then closes with {@code status}. */
    public static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        return refusing(call, status, false);
    }

    private static <Q, R> ServerCall.Listener<Q> refusing(ServerCall<Q, R> call, Status status,
                                                          boolean atFirstMessage) {
        call.request(1);
        return new ServerCall.Listener<>() {
            private boolean closed;

            @Override
            public void onMessage(Q message) {
                if (atFirstMessage) {
                    close();
                } else {
                    call.request(1);
                }
            }

            @Override
            public void onHalfClose() {
                close();
            }

            private void close() {
                if (!closed) {
                    closed = true;
                    call.close(status, new Metadata());
                }
            }
        };
    }
}
