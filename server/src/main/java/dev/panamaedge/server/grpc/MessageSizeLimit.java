package dev.panamaedge.server.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses request messages larger than the configured limit with RESOURCE_EXHAUSTED, the code grpc-java
 * clients expect for "message too large". Helidon's own read-buffer cap (set higher, as a memory ceiling)
 * answers INTERNAL instead, so the documented limit is enforced here.
 */
public final class MessageSizeLimit implements ServerInterceptor {
    private final long maxBytes;

    public MessageSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean rejected;

            @Override
            public void onMessage(Q message) {
                if (rejected) {
                    return;
                }
                if (message instanceof MessageLite m && m.getSerializedSize() > maxBytes) {
                    rejected = true;
                    call.close(Status.RESOURCE_EXHAUSTED.withDescription("message of " + m.getSerializedSize()
                            + " bytes exceeds the limit of " + maxBytes + " bytes"), new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!rejected) {
                    super.onHalfClose();
                }
            }
        };
    }
}
