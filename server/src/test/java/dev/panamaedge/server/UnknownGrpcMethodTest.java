package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.server.grpc.InferenceGrpc;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ServerLiveRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call to a service or method the server does not have ends as the gRPC spec says: HTTP 200 and
 * {@code grpc-status: 12} UNIMPLEMENTED with a message naming the method, read by grpc-java's generic
 * {@link ClientCalls} (the description comes from {@code grpc-message}, which a client only reads from a
 * 200 reply; for a 404 it reports "HTTP status code 404" instead).
 */
final class UnknownGrpcMethodTest {

    @Test
    void unknownMethodsAndServicesAreUnimplementedAndTheConnectionGoesOn() throws Exception {
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "engine",
                "reference", "model", TestModels.mobilenetXml().toString(), "model-name", "mobilenet"));
        try (ServerMain server = ServerMain.start(config, new Engines(), List::of)) {
            ManagedChannel channel = channel(server.port());
            try {
                for (String method : List.of("inference.GRPCInferenceService/NoSuchMethod", "no.such.Service/Call")) {
                    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(channel, method));
                    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), e.getStatus().toString());
                    assertEquals("Method not found: " + method, e.getStatus().getDescription());
                }
                assertTrue(GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .serverLive(ServerLiveRequest.getDefaultInstance()).getLive(), "same channel still serves");
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Fails once Helidon answers unknown methods with 200 + UNIMPLEMENTED itself: then UnimplementedMethods can go. */
    @Test
    void helidonAloneStillAnswersUnknownMethodsWithHttp404() throws Exception {
        ModelRegistry registry = new ModelRegistry(List::of, new Engines(), n -> ModelSettings.defaults(), 0,
                Optional.empty(), new Metrics());
        WebServer plain = WebServer.builder().host("127.0.0.1").port(0)
                .addRouting(GrpcRouting.builder().service(new InferenceGrpc(new Inference(registry, 1_000_000))))
                .build().start();
        ManagedChannel channel = channel(plain.port());
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> call(channel, "inference.GRPCInferenceService/NoSuchMethod"));
            assertTrue(e.getStatus().getDescription().contains("HTTP status code 404"), e.getStatus().toString());
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            plain.stop();
        }
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static byte[] call(ManagedChannel channel, String fullMethodName) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(fullMethodName)
                .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(30,
                TimeUnit.SECONDS), new byte[0]);
    }

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
