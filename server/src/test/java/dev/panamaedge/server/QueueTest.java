package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The bounded queue: one inference slot and no waiting room. While the slot is held, HTTP answers 503 and
 * gRPC RESOURCE_EXHAUSTED at once; once it is free, the same request succeeds.
 */
@ServerTest
final class QueueTest {
    private static final ModelRegistry REGISTRY = TestModels.registry(
            TestModels.referenceSettings().withQueue(0, 1), 0);
    private final Http1Client client;
    private final int port;

    QueueTest(Http1Client client, WebServer server) {
        this.client = client;
        this.port = server.port();
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

    /** Holds the only inference slot until {@code release} opens. */
    private static Thread holdSlot(CountDownLatch held, CountDownLatch release) {
        InferenceQueue queue = REGISTRY.resolve("mobilenet", Optional.empty()).queue();
        return Thread.ofVirtual().start(() -> {
            try {
                queue.submit(() -> {
                    held.countDown();
                    return release.await(60, TimeUnit.SECONDS);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void fullQueueRejectsAtOnceOnBothProtocolsAndRecovers() throws Exception {
        float[] input = TestModels.input(31);
        String inputName = REGISTRY.resolve("mobilenet", Optional.empty()).inputs().getFirst().name();
        String json = Json.MAPPER.writeValueAsString(java.util.Map.of("inputs", List.of(java.util.Map.of(
                "name", inputName, "datatype", "FP32", "shape", List.of(1, 3, 96, 96), "data", input))));
        ModelInferRequest grpcRequest = ModelInferRequest.newBuilder().setModelName("mobilenet")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(inputName).setDatatype("FP32")
                        .addAllShape(List.of(1L, 3L, 96L, 96L)))
                .addRawInputContents(KServeGrpcTest.raw(input)).build();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = holdSlot(held, release);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            assertTrue(held.await(30, TimeUnit.SECONDS));
            // The server refuses before reading the body (EarlyAdmission). A client that first writes all 280 KB
            // races the close (a broken pipe); one that asks with Expect: 100-continue, as curl does for large
            // bodies, gets the 503 instead of a 100 and never sends the body.
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v2/models/mobilenet/infer")).expectContinue(true)
                    .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode());
            assertTrue(refused.body().contains("queue for model mobilenet/1 is full"), refused.body());
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(grpcRequest));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());

            release.countDown();
            holder.join();
            try (Http1ClientResponse res = client.post("/v2/models/mobilenet/infer").submit(json)) {
                assertEquals(200, res.status().code());
            }
            assertEquals(1000 * 4, stub.modelInfer(grpcRequest).getRawOutputContents(0).size());
            try (Http1ClientResponse res = client.get("/metrics").request()) {
                String text = res.as(String.class);
                assertTrue(text.contains("edge_request_errors_total{code=\"503\",protocol=\"http\"} 1")
                        || text.contains("edge_request_errors_total{protocol=\"http\",code=\"503\"} 1"), text);
                assertTrue(text.contains("code=\"RESOURCE_EXHAUSTED\""), text);
            }
        } finally {
            release.countDown();
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
