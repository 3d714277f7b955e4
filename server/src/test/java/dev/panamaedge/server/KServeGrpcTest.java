package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.InferTensorContents;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import dev.panamaedge.server.grpc.inference.ModelMetadataRequest;
import dev.panamaedge.server.grpc.inference.ModelMetadataResponse;
import dev.panamaedge.server.grpc.inference.ModelReadyRequest;
import dev.panamaedge.server.grpc.inference.ServerLiveRequest;
import dev.panamaedge.server.grpc.inference.ServerMetadataRequest;
import dev.panamaedge.server.grpc.inference.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.webserver.Router;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KServe v2 over gRPC, driven by grpc-java stubs generated from the same proto, over loopback. */
@ServerTest
final class KServeGrpcTest {
    private static final ModelRegistry REGISTRY = TestModels.registry();
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
    private final String inputName;

    KServeGrpcTest(WebServer server) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        this.stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        this.inputName = REGISTRY.resolve("mobilenet", java.util.Optional.empty()).inputs().getFirst().name();
    }

    @SetUpRoute
    static void routes(Router.RouterBuilder<?> router) {
        GrpcRouting.Builder grpc = GrpcRouting.builder();
        ServerRoutes.grpc(grpc, REGISTRY);
        router.addRouting(grpc);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    @Test
    void healthAndServerMetadataAnswer() {
        assertTrue(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertTrue(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
        assertTrue(stub.modelReady(ModelReadyRequest.newBuilder().setName("mobilenet").build()).getReady());
        assertEquals("panama-edge", stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName());
    }

    @Test
    void modelMetadataDescribesTheTensors() {
        ModelMetadataResponse m = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("mobilenet").build());
        assertEquals(List.of("1"), m.getVersionsList());
        assertEquals("FP32", m.getInputs(0).getDatatype());
        assertEquals(List.of(1L, 3L, 96L, 96L), m.getInputs(0).getShapeList());
        assertEquals(List.of(1L, 1000L), m.getOutputs(0).getShapeList());
    }

    @Test
    void rawInputContentsMatchTheReferenceEngine() throws Exception {
        float[] input = TestModels.input(21);
        ModelInferResponse r = stub.modelInfer(request(input).addRawInputContents(raw(input)).setId("g1").build());
        assertEquals("g1", r.getId());
        assertEquals("1", r.getModelVersion());
        assertEquals(List.of(1L, 1000L), r.getOutputs(0).getShapeList());
        assertArrayEquals(TestModels.expected(input), floats(r.getRawOutputContents(0)), 1e-5f);
    }

    @Test
    void typedContentsGiveTheSameAnswerAsRaw() throws Exception {
        float[] input = TestModels.input(22);
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (float f : input) {
            c.addFp32Contents(f);
        }
        ModelInferRequest.Builder b = request(input);
        b.getInputsBuilder(0).setContents(c);
        ModelInferResponse r = stub.modelInfer(b.build());
        assertArrayEquals(TestModels.expected(input), floats(r.getRawOutputContents(0)), 1e-5f);
    }

    @Test
    void unknownModelIsNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(
                ModelInferRequest.newBuilder().setModelName("nope").addInputs(ModelInferRequest.InferInputTensor
                        .newBuilder().setName("x").setDatatype("FP32").addShape(1)).addRawInputContents(
                        ByteString.copyFrom(new byte[4])).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("unknown model 'nope'"), e.getStatus().getDescription());
    }

    @Test
    void wrongShapeIsInvalidArgumentNamingTheExpectedShape() {
        float[] input = TestModels.input(23);
        ModelInferRequest.Builder b = request(input).addRawInputContents(raw(input));
        b.getInputsBuilder(0).clearShape().addAllShape(List.of(1L, 3L, 48L, 192L));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(b.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("must have shape [1, 3, 96, 96], got [1, 3, 48, 192]"),
                e.getStatus().getDescription());
    }

    @Test
    void truncatedRawContentIsInvalidArgument() {
        float[] input = TestModels.input(24);
        ByteString full = raw(input);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(
                request(input).addRawInputContents(full.substring(0, full.size() - 10)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("needs 110592 bytes of data, got 110582"),
                e.getStatus().getDescription());
    }

    @Test
    void wrongDatatypeIsInvalidArgument() {
        float[] input = TestModels.input(25);
        ModelInferRequest.Builder b = request(input).addRawInputContents(raw(input));
        b.getInputsBuilder(0).setDatatype("INT32");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(b.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("must be FP32, got INT32"), e.getStatus().getDescription());
    }

    @Test
    void serverKeepsServingAfterBadRequests() throws Exception {
        wrongDatatypeIsInvalidArgument();
        unknownModelIsNotFound();
        rawInputContentsMatchTheReferenceEngine();
    }

    private ModelInferRequest.Builder request(float[] input) {
        return ModelInferRequest.newBuilder().setModelName("mobilenet").addInputs(
                ModelInferRequest.InferInputTensor.newBuilder().setName(inputName).setDatatype("FP32")
                        .addAllShape(List.of(1L, 3L, 96L, 96L)));
    }

    static ByteString raw(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return ByteString.copyFrom(b.array());
    }

    static float[] floats(ByteString s) {
        ByteBuffer b = s.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[s.size() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }
}
