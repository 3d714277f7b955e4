package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.StreamPrediction;
import dev.panamaedge.testsupport.SharedPhotos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Dynamic batching on OpenVINO (compiled static at batch 1, 2, 4 and 8): concurrent ModelInfer calls and camera streams
 * share batches; each ModelInfer reply is within the FP32 tolerance (1e-3 × range) of the same input run alone
 * on an unbatched OpenVINO engine, and every stream keeps drop-oldest (its newest frame always answered).
 */
@ServerTest
final class NativeBatchingTest {
    private static final Metrics METRICS = new Metrics();
    private static final ModelSettings NATIVE = ModelSettings.defaults().withQueue(64, 2);
    private static final ModelRegistry REGISTRY = registry();
    private final int port;

    NativeBatchingTest(WebServer server) {
        this.port = server.port();
    }

    private static ModelRegistry registry() {
        return TestModels.registry(NATIVE.withBatching(new Batching(8, List.of(), 5_000)), 0, METRICS);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        GrpcRouting.Builder grpc = GrpcRouting.builder();
        ServerRoutes.grpc(grpc, REGISTRY);
        server.routing(r -> ServerRoutes.http(r, REGISTRY)).addRouting(grpc);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    @Test
    void batchedRepliesMatchUnbatchedOpenVinoWithinFp32Tolerance() throws Exception {
        int n = 16;
        List<float[]> inputs = new ArrayList<>();
        List<float[]> alone = new ArrayList<>();
        try (Engine e = new Engines().load(TestModels.mobilenetXml(), NATIVE)) {
            for (int i = 0; i < n; i++) {
                inputs.add(TestModels.input(200 + i));
                alone.add(e.run(Map.of(e.inputs().getFirst().name(), Tensor.ofFloats(Shape.of(1, 3, 96, 96),
                        inputs.get(i)))).values().iterator().next().toFloatArray());
            }
        }
        String inputName = REGISTRY.resolve(TestModels.NAME, Optional.empty()).inputs().getFirst().name();
        ByteString jpeg = ByteString.copyFrom(SharedPhotos.bytes("owl.jpg"));
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try (ExecutorService pool = Executors.newFixedThreadPool(n + 2)) {
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
            List<Future<List<StreamPrediction>>> streams = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                List<Frame> frames = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    frames.add(Frame.newBuilder().setSequence(i).setImage(jpeg).setTopK(3).build());
                }
                streams.add(pool.submit(() -> CameraStreamExchange.exchange(channel, frames)));
            }
            List<Future<float[]>> replies = new ArrayList<>();
            for (float[] in : inputs) {
                replies.add(pool.submit(() -> KServeGrpcTest.floats(stub.withDeadlineAfter(120, TimeUnit.SECONDS)
                        .modelInfer(ModelInferRequest.newBuilder().setModelName(TestModels.NAME)
                                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(inputName)
                                        .setDatatype("FP32").addShape(1).addShape(3).addShape(96).addShape(96))
                                .addRawInputContents(KServeGrpcTest.raw(in)).build()).getRawOutputContents(0))));
            }
            for (int i = 0; i < n; i++) {
                float[] got = replies.get(i).get(180, TimeUnit.SECONDS);
                TestModels.assertWithinFp32Tolerance(alone.get(i), got, "request " + i);
            }
            for (Future<List<StreamPrediction>> f : streams) {
                List<StreamPrediction> got = f.get(180, TimeUnit.SECONDS);
                StreamPrediction last = got.getLast();
                assertEquals(19, last.getSequence(), "the newest frame is never dropped");
                assertEquals(20, got.size() + last.getDroppedTotal());
                for (StreamPrediction p : got) {
                    assertEquals("", p.getError());
                    assertEquals(got.getFirst().getTop(0).getIndex(), p.getTop(0).getIndex(), "same frame, same top-1");
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        String text = METRICS.render();
        assertTrue(text.contains("edge_batch_size_count{model=\"mobilenet\",version=\"1\"}"), text);
    }
}
