package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.testsupport.GoTools;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.reflection.v1alpha.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Go clients operators use, unchanged, against a server with one good and one broken model: grpcurl
 * lists and describes every service through reflection and calls ServerLive and ModelInfer with nothing but
 * reflection; grpc_health_probe exits 0 for serving, 4 for not serving, as Kubernetes probes read it. Both
 * are built from the Go module proxy by {@link GoTools} on first use.
 */
final class GrpcToolsTest {
    private static Path repo;
    private static ServerMain server;

    @BeforeAll
    static void start() throws Exception {
        repo = Files.createTempDirectory(Path.of("target"), "grpc-tools-repo");
        ModelRepositoryReloadTest.copyModel(repo.resolve("mobilenet/1"));
        Files.createDirectories(repo.resolve("broken/1"));
        Files.writeString(repo.resolve("broken/1/model.xml"), "<net/>");
        server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "engine",
                "reference", "repository", repo.toString(), "reload-interval-ms", "0")), new Engines(), List::of);
        assertTrue(server.registry().awaitLoaded(120_000));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void grpcurlListsEveryService() throws Exception {
        Run r = run(null, GoTools.grpcurl().toString(), "-plaintext", address(), "list");
        assertEquals(0, r.exit(), r.output());
        assertEquals(List.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                "grpc.reflection.v1alpha.ServerReflection", "inference.GRPCInferenceService",
                "panamaedge.vision.v1.EdgeVision"), r.output().lines().toList());
    }

    @Test
    void grpcurlDescribesServicesAndMessages() throws Exception {
        Run service = run(null, GoTools.grpcurl().toString(), "-plaintext", address(), "describe",
                "inference.GRPCInferenceService");
        assertEquals(0, service.exit(), service.output());
        assertTrue(service.output().contains(
                "rpc ModelInfer ( .inference.ModelInferRequest ) returns ( .inference.ModelInferResponse );"),
                service.output());
        Run stream = run(null, GoTools.grpcurl().toString(), "-plaintext", address(), "describe",
                "panamaedge.vision.v1.EdgeVision.ClassifyStream");
        assertEquals(0, stream.exit(), stream.output());
        assertTrue(stream.output().contains("returns ( stream "), stream.output());
        Run message = run(null, GoTools.grpcurl().toString(), "-plaintext", address(), "describe",
                ".inference.ModelInferRequest.InferInputTensor");
        assertEquals(0, message.exit(), message.output());
        assertTrue(message.output().contains("repeated int64 shape = 3;"), message.output());
    }

    @Test
    void grpcurlCallsServerLiveAndModelInferThroughReflection() throws Exception {
        Run live = run("{}", GoTools.grpcurl().toString(), "-plaintext", "-d", "@", address(),
                "inference.GRPCInferenceService/ServerLive");
        assertEquals(0, live.exit(), live.output());
        assertTrue(Json.MAPPER.readTree(live.output()).get("live").asBoolean(), live.output());

        float[] input = TestModels.input(5);
        String inputName = server.registry().resolve("mobilenet", Optional.empty()).inputs().getFirst().name();
        StringBuilder request = new StringBuilder("{\"model_name\":\"mobilenet\",\"inputs\":[{\"name\":\"")
                .append(inputName).append("\",\"datatype\":\"FP32\",\"shape\":[1,3,96,96],\"contents\":{\"fp32_contents\":[");
        for (int i = 0; i < input.length; i++) {
            request.append(i == 0 ? "" : ",").append(input[i]);
        }
        request.append("]}}]}");
        Run infer = run(request.toString(), GoTools.grpcurl().toString(), "-plaintext", "-max-msg-sz", "16777216",
                "-d", "@", address(), "inference.GRPCInferenceService/ModelInfer");
        assertEquals(0, infer.exit(), infer.output());
        JsonNode reply = Json.MAPPER.readTree(infer.output());
        // grpcurl prints the proto field names.
        assertEquals("mobilenet", reply.path("model_name").asText(), infer.output().substring(0, 300));
        byte[] raw = Base64.getDecoder().decode(reply.get("raw_output_contents").get(0).asText());
        float[] output = new float[raw.length / Float.BYTES];
        java.nio.ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(output);
        assertArrayEquals(TestModels.expected(input), output, 1e-5f);
    }

    @Test
    void grpcHealthProbeExitCodesFollowReadiness() throws Exception {
        String probe = GoTools.grpcHealthProbe().toString();
        Run mobilenet = run(null, probe, "-addr", address(), "-service", "mobilenet");
        assertEquals(0, mobilenet.exit(), mobilenet.output());
        assertTrue(mobilenet.output().contains("status: SERVING"), mobilenet.output());
        Run broken = run(null, probe, "-addr", address(), "-service", "broken");
        assertEquals(4, broken.exit(), broken.output());
        assertTrue(broken.output().contains("NOT_SERVING"), broken.output());
        Run overall = run(null, probe, "-addr", address());
        assertEquals(4, overall.exit(), "one model failed to load, so the server is not ready: " + overall.output());
        Run unknown = run(null, probe, "-addr", address(), "-service", "nope");
        assertEquals(3, unknown.exit(), unknown.output());
        assertTrue(unknown.output().contains("NotFound"), unknown.output());
    }

    @Test
    void v1alphaReflectionListsTheSameServices() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            CompletableFuture<ServerReflectionResponse> reply = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse r) {
                            reply.complete(r);
                        }

                        @Override
                        public void onError(Throwable t) {
                            reply.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
            List<String> names = reply.get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                    .map(ServiceResponse::getName).toList();
            requests.onCompleted();
            assertTrue(names.contains(GRPCInferenceServiceGrpc.SERVICE_NAME), names.toString());
            assertEquals(5, names.size(), names.toString());
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static String address() {
        return "127.0.0.1:" + server.port();
    }

    private record Run(int exit, String output) {
    }

    /** Runs a client with {@code stdin} (or none), stdout and stderr together, bounded to two minutes. */
    private static Run run(String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(List.of(command) + " did not finish");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    }
}
