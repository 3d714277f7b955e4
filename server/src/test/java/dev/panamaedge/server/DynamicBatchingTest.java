package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.runtime.image.Prediction;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import dev.panamaedge.server.grpc.vision.ClassifyRequest;
import dev.panamaedge.server.grpc.vision.ClassifyResponse;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Dynamic batching on the reference engine, through real gRPC clients: concurrent ModelInfer and Classify calls
 * join the same batches (one inference slot, so requests arriving while it is busy wait together), and every
 * reply is bit-identical to its input run alone.
 */
@ServerTest
final class DynamicBatchingTest {
    private static final Metrics METRICS = new Metrics();
    private static final ModelRegistry REGISTRY = registry();
    private final int port;

    DynamicBatchingTest(WebServer server) {
        this.port = server.port();
    }

    private static ModelRegistry registry() {
        return TestModels.registry(TestModels.referenceSettings().withQueue(64, 1)
                .withBatching(new Batching(8, List.of(4), 50_000)), 0, METRICS);
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
    void concurrentInferAndClassifyRepliesAreBitIdenticalToRunningAlone() throws Exception {
        String inputName = REGISTRY.resolve(TestModels.NAME, java.util.Optional.empty()).inputs().getFirst().name();
        byte[] jpeg = SharedPhotos.bytes("parrot.jpg");
        List<Prediction> wantTop5 = ClassifyTest.expectedTop5(jpeg);
        int tensors = 10;
        List<float[]> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < tensors; i++) {
            inputs.add(TestModels.input(100 + i));
            expected.add(TestModels.expected(inputs.get(i)));
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try (ExecutorService pool = Executors.newFixedThreadPool(tensors + 4)) {
            var infer = GRPCInferenceServiceGrpc.newBlockingStub(channel);
            var vision = EdgeVisionGrpc.newBlockingStub(channel);
            List<Future<float[]>> replies = new ArrayList<>();
            List<Future<ClassifyResponse>> classified = new ArrayList<>();
            for (int i = 0; i < tensors; i++) {
                float[] in = inputs.get(i);
                Callable<float[]> call = () -> {
                    ModelInferResponse r = infer.withDeadlineAfter(120, TimeUnit.SECONDS).modelInfer(
                            ModelInferRequest.newBuilder().setModelName(TestModels.NAME)
                                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(inputName)
                                            .setDatatype("FP32").addShape(1).addShape(3).addShape(96).addShape(96))
                                    .addRawInputContents(KServeGrpcTest.raw(in)).build());
                    return KServeGrpcTest.floats(r.getRawOutputContents(0));
                };
                replies.add(pool.submit(call));
                if (i % 3 == 0) {
                    classified.add(pool.submit(() -> vision.withDeadlineAfter(120, TimeUnit.SECONDS).classify(
                            ClassifyRequest.newBuilder().setImage(ByteString.copyFrom(jpeg)).setTopK(5).build())));
                }
            }
            for (int i = 0; i < tensors; i++) {
                float[] got = replies.get(i).get(180, TimeUnit.SECONDS);
                float[] want = expected.get(i);
                assertEquals(want.length, got.length);
                for (int j = 0; j < want.length; j++) {
                    assertEquals(Float.floatToRawIntBits(want[j]), Float.floatToRawIntBits(got[j]),
                            "request " + i + " value " + j);
                }
            }
            for (Future<ClassifyResponse> f : classified) {
                ClassifyResponse r = f.get(180, TimeUnit.SECONDS);
                assertEquals(5, r.getTopCount());
                for (int k = 0; k < 5; k++) {
                    assertEquals(wantTop5.get(k).index(), r.getTop(k).getIndex(), "rank " + k);
                    assertEquals(wantTop5.get(k).probability(), r.getTop(k).getProbability(), 0f, "rank " + k);
                }
            }
            // Triton's model configuration says how it batches (what Triton's clients read to size their batches).
            var config = infer.modelConfig(dev.panamaedge.server.grpc.inference.ModelConfigRequest.newBuilder()
                    .setName(TestModels.NAME).build()).getConfig();
            assertEquals(8, config.getMaxBatchSize());
            assertEquals(List.of(4), config.getDynamicBatching().getPreferredBatchSizeList());
            assertEquals(50_000, config.getDynamicBatching().getMaxQueueDelayMicroseconds());
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        String text = METRICS.render();
        double rows = metric(text, "edge_batch_size_sum");
        double batches = metric(text, "edge_batch_size_count");
        assertEquals(tensors + (tensors + 2) / 3, rows, 0, text);
        assertTrue(batches < rows, "some requests shared a batch: " + batches + " batches for " + rows + " rows");
        assertEquals(rows, metric(text, "edge_batch_wait_seconds_count"), 0, text);
        // Triton's statistics: every request counted, executions are the batches (Triton's execution_count).
        InferenceStatistics.Snapshot stats = REGISTRY.resolve(TestModels.NAME, java.util.Optional.empty())
                .statistics().snapshot();
        assertEquals((long) rows, stats.success().count());
        assertEquals((long) rows, stats.inferences());
        assertEquals((long) rows, stats.queue().count());
        assertEquals((long) rows, stats.computeInfer().count());
        assertEquals((long) batches, stats.executions());
        assertEquals(0, stats.fail().count());
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{model=\"mobilenet\",version=\"1\"} (\\S+)$").matcher(text);
        assertTrue(m.find(), name + " missing in\n" + text);
        return Double.parseDouble(m.group(1));
    }
}
