package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * gRPC replies go out uncompressed even to a client that accepts gzip (grpc-java says so on every call), and
 * a gzip-compressed request is refused with UNIMPLEMENTED naming the encoding, as the gRPC compression spec
 * says, while the server goes on serving.
 */
final class GrpcCompressionTest {
    private static final Metadata.Key<String> ACCEPT_ENCODING = Metadata.Key.of("grpc-accept-encoding",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding",
            Metadata.ASCII_STRING_MARSHALLER);

    @Test
    void repliesAreUncompressedAndCompressedRequestsAreRefused() throws Exception {
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "engine",
                "reference", "model", TestModels.mobilenetXml().toString(), "model-name", "mobilenet"));
        try (ServerMain server = ServerMain.start(config, new Engines(), List::of)) {
            assertTrue(server.registry().awaitLoaded(120_000));
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                    .build();
            try {
                AtomicReference<Metadata> headers = new AtomicReference<>();
                AtomicReference<Metadata> trailers = new AtomicReference<>();
                var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                        .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
                String name = server.registry().resolve("mobilenet", Optional.empty()).inputs().getFirst().name();
                float[] input = TestModels.input(31);
                ModelInferResponse r = stub.modelInfer(request(name, input));
                assertEquals("identity", headers.get().get(ENCODING), "reply headers: " + headers.get());
                assertArrayEquals(TestModels.expected(input), floats(r.getRawOutputContents(0)), 1e-5f);

                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> stub.withCompression("gzip").modelInfer(request(name, input)));
                assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), e.getStatus().toString());
                assertEquals("compressed requests (grpc-encoding: gzip) are not accepted; send them uncompressed",
                        e.getStatus().getDescription());
                assertEquals("identity", e.getTrailers().get(ACCEPT_ENCODING));

                assertEquals(1000, stub.modelInfer(request(name, input)).getRawOutputContents(0).size() / Float.BYTES,
                        "the server still answers after refusing a compressed request");
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static ModelInferRequest request(String name, float[] input) {
        ByteBuffer b = ByteBuffer.allocate(input.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(input);
        return ModelInferRequest.newBuilder().setModelName("mobilenet")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("FP32")
                        .addAllShape(List.of(1L, 3L, 96L, 96L)))
                .addRawInputContents(ByteString.copyFrom(b.array())).build();
    }

    private static float[] floats(ByteString raw) {
        float[] out = new float[raw.size() / Float.BYTES];
        raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
