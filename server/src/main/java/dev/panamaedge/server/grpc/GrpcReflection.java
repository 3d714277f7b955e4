package dev.panamaedge.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.Status;
import io.grpc.reflection.v1.ErrorResponse;
import io.grpc.reflection.v1.ExtensionNumberResponse;
import io.grpc.reflection.v1.ExtensionRequest;
import io.grpc.reflection.v1.FileDescriptorResponse;
import io.grpc.reflection.v1.ListServiceResponse;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code grpc.reflection.v1.ServerReflection} over {@link ReflectionIndex}, so that grpcurl, Postman and
 * other reflection clients list and describe every service and call them without the .proto files.
 *
 * <p>grpc-java's {@code ProtoReflectionServiceV1} does not fit Helidon: it asks the {@code io.grpc.Server}
 * in the call's context for its services, and Helidon's gRPC server is not one. Helidon's own reflection
 * service lists every method of a service as a separate service and finds no descriptor for services bound
 * as {@code ServerServiceDefinition}s (ours, see {@link AliasingMarshaller}). This one answers from the
 * generated descriptors.
 */
public final class GrpcReflection extends ServerReflectionGrpc.ServerReflectionImplBase {
    private final ReflectionIndex index;

    /** @param served every service the server routes, reflection's own included */
    public GrpcReflection(List<io.grpc.ServiceDescriptor> served) {
        this.index = ReflectionIndex.of(Objects.requireNonNull(served, "served"));
    }

    @Override
    public StreamObserver<ServerReflectionRequest> serverReflectionInfo(
            StreamObserver<ServerReflectionResponse> replies) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionRequest request) {
                replies.onNext(answer(request));
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

    /** One reply per request, in order, as the reflection protocol says. */
    ServerReflectionResponse answer(ServerReflectionRequest request) {
        ServerReflectionResponse.Builder reply = ServerReflectionResponse.newBuilder()
                .setValidHost(request.getHost()).setOriginalRequest(request);
        return switch (request.getMessageRequestCase()) {
            case LIST_SERVICES -> reply.setListServicesResponse(services()).build();
            case FILE_BY_FILENAME -> files(reply, index.fileByName(request.getFileByFilename()),
                    "file " + request.getFileByFilename());
            case FILE_CONTAINING_SYMBOL -> files(reply, index.fileContainingSymbol(request.getFileContainingSymbol()),
                    "symbol " + request.getFileContainingSymbol());
            case FILE_CONTAINING_EXTENSION -> extension(reply, request.getFileContainingExtension());
            case ALL_EXTENSION_NUMBERS_OF_TYPE -> extensionNumbers(reply, request.getAllExtensionNumbersOfType());
            case MESSAGEREQUEST_NOT_SET -> error(reply, Status.Code.INVALID_ARGUMENT, "no message_request set");
        };
    }

    private ListServiceResponse services() {
        ListServiceResponse.Builder b = ListServiceResponse.newBuilder();
        index.services().forEach(s -> b.addService(ServiceResponse.newBuilder().setName(s)));
        return b.build();
    }

    private static ServerReflectionResponse files(ServerReflectionResponse.Builder reply,
                                                  Optional<FileDescriptor> file, String what) {
        if (file.isEmpty()) {
            return error(reply, Status.Code.NOT_FOUND, what + " not found");
        }
        FileDescriptorResponse.Builder b = FileDescriptorResponse.newBuilder();
        for (FileDescriptor f : ReflectionIndex.withDependencies(file.get())) {
            b.addFileDescriptorProto(ByteString.copyFrom(f.toProto().toByteArray()));
        }
        return reply.setFileDescriptorResponse(b).build();
    }

    private ServerReflectionResponse extension(ServerReflectionResponse.Builder reply, ExtensionRequest request) {
        return files(reply, index.fileContainingExtension(request.getContainingType(), request.getExtensionNumber()),
                "extension " + request.getExtensionNumber() + " of " + request.getContainingType());
    }

    private ServerReflectionResponse extensionNumbers(ServerReflectionResponse.Builder reply, String type) {
        Optional<List<Integer>> numbers = index.extensionNumbers(type);
        if (numbers.isEmpty()) {
            return error(reply, Status.Code.NOT_FOUND, "type " + type + " not found");
        }
        return reply.setAllExtensionNumbersResponse(ExtensionNumberResponse.newBuilder().setBaseTypeName(type)
                .addAllExtensionNumber(numbers.get())).build();
    }

    private static ServerReflectionResponse error(ServerReflectionResponse.Builder reply, Status.Code code,
                                                  String message) {
        return reply.setErrorResponse(ErrorResponse.newBuilder().setErrorCode(code.value())
                .setErrorMessage(message)).build();
    }
}
