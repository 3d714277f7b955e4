package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grpc.health.v1.Health} through grpc-java's own client: Check answers what the HTTP readiness routes
 * answer, overall and per model, and Watch pushes each change as a repository reload loads or removes a model.
 */
final class GrpcHealthTest {

    @Test
    void checkAnswersWhatTheHttpReadinessRoutesAnswer(@TempDir Path repo) throws Exception {
        ModelRepositoryReloadTest.copyModel(repo.resolve("mobilenet/1"));
        Files.createDirectories(repo.resolve("broken/1"));
        Files.writeString(repo.resolve("broken/1/model.xml"), "<net/>");
        try (ServerMain server = start(repo)) {
            assertTrue(server.registry().awaitLoaded(120_000));
            ManagedChannel channel = channel(server);
            try {
                var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                assertEquals(503, httpStatus(server, "v2/health/ready"));
                assertEquals(ServingStatus.NOT_SERVING, check(health, ""), "a model failed: not ready overall");
                assertEquals(ServingStatus.NOT_SERVING, check(health, "inference.GRPCInferenceService"));
                assertEquals(200, httpStatus(server, "v2/models/mobilenet/ready"));
                assertEquals(ServingStatus.SERVING, check(health, "mobilenet"));
                assertEquals(503, httpStatus(server, "v2/models/broken/ready"));
                assertEquals(ServingStatus.NOT_SERVING, check(health, "broken"));
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> check(health, "nope"));
                assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());

                delete(repo.resolve("broken"));
                server.registry().reload();
                assertEquals(200, httpStatus(server, "v2/health/ready"));
                assertEquals(ServingStatus.SERVING, check(health, ""));
                assertEquals(ServingStatus.SERVING, check(health, "panamaedge.vision.v1.EdgeVision"));
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void watchPushesAModelsLoadAndRemoval(@TempDir Path repo) throws Exception {
        ModelRepositoryReloadTest.copyModel(repo.resolve("mobilenet/1"));
        try (ServerMain server = start(repo)) {
            assertTrue(server.registry().awaitLoaded(120_000));
            ManagedChannel channel = channel(server);
            try {
                BlockingQueue<Object> updates = new LinkedBlockingQueue<>();
                HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("second").build(),
                        new StreamObserver<>() {
                            @Override
                            public void onNext(HealthCheckResponse r) {
                                updates.add(r.getStatus());
                            }

                            @Override
                            public void onError(Throwable t) {
                                updates.add(t);
                            }

                            @Override
                            public void onCompleted() {
                                updates.add("completed");
                            }
                        });
                assertEquals(ServingStatus.SERVICE_UNKNOWN, next(updates));

                ModelRepositoryReloadTest.copyModel(repo.resolve("second/1"));
                server.registry().reload();
                Object status = next(updates);
                if (status == ServingStatus.NOT_SERVING) {
                    status = next(updates); // published while loading, then ready
                }
                assertEquals(ServingStatus.SERVING, status);

                delete(repo.resolve("second"));
                server.registry().reload();
                assertEquals(ServingStatus.SERVICE_UNKNOWN, next(updates));
                assertFalse(updates.stream().anyMatch(u -> u instanceof Throwable), updates.toString());
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static ServerMain start(Path repo) {
        return ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "engine",
                "reference", "repository", repo.toString(), "reload-interval-ms", "0")), new Engines(), List::of);
    }

    private static ManagedChannel channel(ServerMain server) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    private static ServingStatus check(HealthGrpc.HealthBlockingStub health, String service) {
        return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    private static Object next(BlockingQueue<Object> updates) throws InterruptedException {
        Object u = updates.poll(60, TimeUnit.SECONDS);
        assertNotNull(u, "no health update within 60 s");
        return u;
    }

    private static int httpStatus(ServerMain server, String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
