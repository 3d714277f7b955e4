package dev.panamaedge.tools.cli;

import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import io.grpc.CallOptions;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The same KServe {@code ModelInfer} call again and again over a grpc-java channel, through the public API only
 * ({@link MethodDescriptor}, {@link ClientCalls}). The request is serialised once: its marshaller hands grpc-java
 * the same bytes on every call, so the load generator spends no CPU rebuilding a 150 KB message the server has to
 * parse anyway. The reply is parsed and checked on grpc-java's executor ({@link LoadClient#check}).
 *
 * <p>Every call ends with "OK" (a checked reply), {@link LoadClient#BAD_REPLY}, or the gRPC status code name
 * grpc-java gives: {@code UNAVAILABLE} while the server is down (the channel reconnects by itself, with its own
 * back-off), {@code DEADLINE_EXCEEDED} after {@code deadline}.
 */
final class PreparedInferCall {
    private final ManagedChannel channel;
    private final MethodDescriptor<byte[], ModelInferResponse> method;
    private final byte[] request;
    private final String model;
    private final Duration deadline;
    private final FailureSamples failures;

    PreparedInferCall(ManagedChannel channel, ModelInferRequest request, Duration deadline, FailureSamples failures) {
        this.channel = channel;
        this.failures = failures;
        this.request = request.toByteArray();
        this.model = request.getModelName();
        this.deadline = deadline;
        this.method = GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder(new PreparedBytes(),
                ProtoUtils.marshaller(ModelInferResponse.getDefaultInstance())).build();
    }

    /** One call without waiting; never completes exceptionally. Completion runs on grpc-java's executor. */
    CompletableFuture<String> call() {
        CompletableFuture<String> status = new CompletableFuture<>();
        try {
            ClientCalls.asyncUnaryCall(channel.newCall(method, CallOptions.DEFAULT
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)), request, new StreamObserver<>() {
                @Override
                public void onNext(ModelInferResponse reply) {
                    status.complete(LoadClient.check(model, reply));
                }

                @Override
                public void onError(Throwable t) {
                    status.complete(failures.grpc(t));
                }

                @Override
                public void onCompleted() {
                    status.complete(LoadClient.BAD_REPLY); // a unary call that ended without a message
                }
            });
        } catch (RuntimeException e) {
            status.complete(failures.client(e));
        }
        return status;
    }

    /** Requests are already bytes; replies are never parsed through this marshaller. */
    private static final class PreparedBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new KnownLengthBytes(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            throw new UnsupportedOperationException("the load client only sends prepared requests");
        }
    }

    /**
     * The request bytes as grpc-java's framer likes them: with their length known up front (one length-prefixed
     * frame, no buffering to measure it) and drained straight into the transport's buffer.
     */
    private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength, Drainable {
        KnownLengthBytes(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int drainTo(OutputStream target) throws IOException {
            int n = count - pos;
            target.write(buf, pos, n);
            pos = count;
            return n;
        }
    }
}
