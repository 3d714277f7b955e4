package dev.panamaedge.server.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.util.Objects;

/**
 * {@code grpc.reflection.v1alpha.ServerReflection}, which older clients (grpcurl before 1.9, many IDE
 * plugins) still call: its messages are v1's, field for field, under another package, so each request is
 * re-read as v1, answered by {@link GrpcReflection}, and the reply re-read as v1alpha.
 */
public final class GrpcReflectionV1Alpha extends ServerReflectionGrpc.ServerReflectionImplBase {
    private final GrpcReflection v1;

    public GrpcReflectionV1Alpha(GrpcReflection v1) {
        this.v1 = Objects.requireNonNull(v1, "v1");
    }

    @Override
    public StreamObserver<ServerReflectionRequest> serverReflectionInfo(
            StreamObserver<ServerReflectionResponse> replies) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionRequest request) {
                try {
                    var answer = v1.answer(io.grpc.reflection.v1.ServerReflectionRequest.parseFrom(
                            request.toByteString()));
                    replies.onNext(ServerReflectionResponse.parseFrom(answer.toByteString()));
                } catch (InvalidProtocolBufferException e) {
                    replies.onError(Status.INTERNAL.withDescription("v1alpha/v1 reflection messages differ: "
                            + e.getMessage()).asRuntimeException());
                }
            }

            @Override
            public void onError(Throwable t) {
                // the client went away: nothing to answer
            }

            @Override
            public void onCompleted() {
                replies.onCompleted();
            }
        };
    }
}
