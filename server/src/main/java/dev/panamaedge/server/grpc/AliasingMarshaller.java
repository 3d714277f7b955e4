package dev.panamaedge.server.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Parses request messages with their {@code bytes} fields aliasing the one array the message is read into,
 * where grpc-java's protobuf marshaller copies each of them out again. For {@code ModelInfer} that field is
 * {@code raw_input_contents}, the tensor itself (150 KB for a 224x224 image): one copy and one allocation of
 * it fewer per request. The array is this message's alone, so the aliasing is safe.
 *
 * <p>Bytes that do not parse fail with INVALID_ARGUMENT naming the message type and protobuf's reason (grpc-java's
 * own marshaller says INTERNAL "Invalid protobuf byte sequence"); {@link GrpcStreamGuard} makes sure the client
 * hears it, since Helidon does not answer a failed parse.
 */
public final class AliasingMarshaller<T extends MessageLite> implements MethodDescriptor.PrototypeMarshaller<T> {
    private final MethodDescriptor.PrototypeMarshaller<T> standard;
    private final Parser<T> parser;
    private final String typeName;

    private AliasingMarshaller(MethodDescriptor.PrototypeMarshaller<T> standard) {
        this.standard = standard;
        @SuppressWarnings("unchecked")
        Parser<T> p = (Parser<T>) standard.getMessagePrototype().getParserForType();
        this.parser = p;
        this.typeName = standard.getMessagePrototype() instanceof Message m ? m.getDescriptorForType().getFullName()
                : standard.getMessageClass().getSimpleName();
    }

    /**
     * {@code service}'s methods, each protobuf request parsed by an {@link AliasingMarshaller}; responses and
     * handlers unchanged.
     */
    public static ServerServiceDefinition requestsOf(BindableService service) {
        ServerServiceDefinition bound = service.bindService();
        ServerServiceDefinition.Builder rebound = ServerServiceDefinition.builder(
                bound.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> method : bound.getMethods()) {
            rebound.addMethod(rebind(method));
        }
        return rebound.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> rebind(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        if (!(descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> proto)
                || !(proto.getMessagePrototype() instanceof MessageLite)) {
            return method;
        }
        MethodDescriptor.Marshaller<Q> aliasing = aliasing(proto);
        return ServerMethodDefinition.create(descriptor.toBuilder(aliasing, descriptor.getResponseMarshaller())
                .build(), method.getServerCallHandler());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <Q> MethodDescriptor.Marshaller<Q> aliasing(MethodDescriptor.PrototypeMarshaller<Q> proto) {
        return new AliasingMarshaller(proto);
    }

    @Override
    public Class<T> getMessageClass() {
        return standard.getMessageClass();
    }

    @Override
    public T getMessagePrototype() {
        return standard.getMessagePrototype();
    }

    @Override
    public InputStream stream(T value) {
        return standard.stream(value);
    }

    @Override
    public T parse(InputStream stream) {
        try {
            // Aliasing needs an input protobuf may treat as immutable; a plain newInstance(byte[]) still copies.
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(readFully(stream)).newCodedInput();
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE); // the size limit is MessageSizeLimit's and Helidon's, not protobuf's
            T message = parser.parseFrom(in, ExtensionRegistryLite.getEmptyRegistry());
            in.checkLastTagWas(0);
            return message;
        } catch (InvalidProtocolBufferException e) {
            Status status = Status.INVALID_ARGUMENT.withDescription("request message is not a valid " + typeName
                    + ": " + e.getMessage()).withCause(e);
            GrpcStreamGuard.undecodable(status); // Helidon swallows what this throws; the guard answers with it
            throw status.asRuntimeException();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("reading the request message failed").withCause(e)
                    .asRuntimeException();
        }
    }

    /** Helidon's message stream knows its length ({@code available()} is all of it): read it in one copy. */
    private static byte[] readFully(InputStream stream) throws IOException {
        int size = stream.available();
        byte[] bytes = new byte[size];
        int read = stream.readNBytes(bytes, 0, size);
        if (read < size) {
            return Arrays.copyOf(bytes, read);
        }
        byte[] rest = stream.readAllBytes();
        if (rest.length == 0) {
            return bytes;
        }
        byte[] all = Arrays.copyOf(bytes, size + rest.length);
        System.arraycopy(rest, 0, all, size, rest.length);
        return all;
    }
}
