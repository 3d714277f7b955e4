package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The largest inputs the limits allow, four at once, against a real server whose memory budget holds one decode or
 * one parse at a time (limits scaled down from the defaults so the test stays quick: 4 MP images, 4 MiB bodies, a
 * 60 MiB budget, i.e. 20 MiB of bodies and 40 MiB of working memory): every reply is the answer (200 / 400) or a
 * clear refusal (503 busy, 413 too large for the budget), never a 500, and the budget is whole again afterwards.
 * {@code ServeHeapTest} does the same at the real limits under {@code edge serve}'s heap.
 */
@ServerTest
final class MemoryBudgetServerTest {
    private static final int SIDE = 2000; // 4 MP
    private static final int MAX_BODY = 4 << 20;
    private static final Limits LIMITS = new Limits(MAX_BODY, (long) SIDE * SIDE, Limits.DEFAULT_BODY_READ_TIMEOUT_MILLIS,
            60L << 20);
    private static final ModelRegistry REGISTRY = TestModels.registry();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    MemoryBudgetServerTest(WebServer server) {
        this.base = URI.create("http://127.0.0.1:" + server.port());
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.maxPayloadSize(MAX_BODY).routing(r -> ServerRoutes.http(r, REGISTRY, LIMITS));
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    @Test
    void fourLargestRgbaPngsAtOnceAreServedOrRefusedAsBusy() throws Exception {
        byte[] png = LargeInputs.rgbaPng(SIDE, 8); // 7 bytes per pixel to decode: 26.7 MiB of the 40
        assertTrue(png.length <= MAX_BODY, png.length + " bytes");
        List<HttpResponse<String>> replies = burst(4, "/v2/models/mobilenet/classify", "image/png", png);
        long served = replies.stream().filter(r -> r.statusCode() == 200).count();
        for (HttpResponse<String> r : replies) {
            assertTrue(r.statusCode() == 200 || r.statusCode() == 503 && r.body().contains("memory"), r.statusCode()
                    + " " + r.body());
        }
        assertTrue(served >= 1, "none of the four was served: " + replies);
        assertHealthyWithTheWholeBudget(png);
    }

    @Test
    void a16BitRgbaPngOverTheWholeBudgetIs413() throws Exception {
        byte[] png = LargeInputs.rgbaPng(SIDE, 16); // 11 bytes per pixel: 42 MiB, more than the 40
        assertTrue(png.length <= MAX_BODY, png.length + " bytes");
        HttpResponse<String> r = burst(1, "/v2/models/mobilenet/classify", "image/png", png).getFirst();
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("decoding request image needs 42.0 MiB"), r.body());
        assertHealthyWithTheWholeBudget(LargeInputs.rgbaPng(SIDE, 8));
    }

    @Test
    void fourLargestJsonTensorsAtOnceAreAnsweredOrRefusedAsBusy() throws Exception {
        String input = REGISTRY.resolve(TestModels.NAME, Optional.empty()).inputs().getFirst().name();
        byte[] json = LargeInputs.zerosJson(input, MAX_BODY); // 2 M elements: 36 MiB to parse, of the 40
        List<HttpResponse<String>> replies = burst(4, "/v2/models/mobilenet/infer", "application/json", json);
        long answered = replies.stream().filter(r -> r.statusCode() == 400).count();
        for (HttpResponse<String> r : replies) {
            // parsed whole, then refused for its size (the model takes 27,648 elements), or refused as busy
            assertTrue(r.statusCode() == 400 && r.body().contains("bytes of data, got") || r.statusCode() == 503
                    && r.body().contains("memory"), r.statusCode() + " " + r.body());
        }
        assertTrue(answered >= 1, "none of the four was parsed: " + replies);
        assertHealthyWithTheWholeBudget(LargeInputs.rgbaPng(SIDE, 8));
    }

    /** Health answers, and a request that needs most of the working budget is served: nothing was kept. */
    private void assertHealthyWithTheWholeBudget(byte[] png) throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/v2/health/ready"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        HttpResponse<String> again = burst(1, "/v2/models/mobilenet/classify", "image/png", png).getFirst();
        assertEquals(200, again.statusCode(), again.body());
    }

    private List<HttpResponse<String>> burst(int n, String path, String type, byte[] body) {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(http.sendAsync(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return sent.stream().map(CompletableFuture::join).toList();
    }
}
