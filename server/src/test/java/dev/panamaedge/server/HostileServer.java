package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ServerLiveRequest;
import dev.panamaedge.testsupport.SharedPhotos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The whole server as {@code edge serve} starts it (ServerMain: every selector and limit), on an ephemeral
 * loopback port with the small test model on the reference engine, for the hostile-client tests: they attack
 * it over raw sockets, then {@link #assertHealthy()} checks that it still serves everyone else.
 */
final class HostileServer implements AutoCloseable {

    private final ServerMain server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private HostileServer(ServerMain server) {
        this.server = server;
    }

    /** @param settings config keys over the test defaults (e.g. {@code max-request-bytes}) */
    static HostileServer start(Map<String, String> settings) throws InterruptedException {
        Map<String, String> flags = new LinkedHashMap<>(Map.of("port", "0", "engine", "reference",
                "model", TestModels.mobilenetXml().toString(), "model-name", "mobilenet"));
        flags.putAll(settings);
        ServerMain server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), flags), new Engines(),
                List::of);
        assertTrue(server.registry().awaitLoaded(120_000), "model loaded");
        return new HostileServer(server);
    }

    static HostileServer start() throws InterruptedException {
        return start(Map.of());
    }

    int port() {
        return server.port();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Readiness answers 200 and a photo is classified, on a fresh connection. */
    void assertHealthy() throws Exception {
        HttpResponse<String> ready = get("/v2/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        HttpResponse<String> classified = post("/v2/models/mobilenet/classify", "image/jpeg",
                SharedPhotos.bytes("cat_720p.jpg")); // 105 KB: fits the small limits of some tests
        assertEquals(200, classified.statusCode(), classified.body());
        assertTrue(classified.body().contains("\"predictions\""), classified.body());
    }

    /** A grpc-java channel on a fresh connection gets ServerLive answered. */
    void assertGrpcServes() throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port()).usePlaintext().build();
        try {
            assertTrue(GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
