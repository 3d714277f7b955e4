package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.server.ServerMain;
import dev.panamaedge.testsupport.SharedPhotos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code edge loadtest --images} against a real server (the small MobileNetV2 on the reference engine): the
 * shared photos, encoded and as raw frames, over HTTP classify, gRPC Classify and camera streams, closed and open
 * loop. Counts are asserted, never times.
 */
final class LoadtestImagesTest {
    private static final List<String> PROTOCOLS = List.of("http", "grpc", "stream");
    private static ServerMain server;
    private static String target;

    @BeforeAll
    static void startServer() throws Exception {
        server = SmallModel.serve();
        target = "http://127.0.0.1:" + server.port();
        // Each photo through the server once first: a cold server's first frames (class loading, JIT) can take
        // longer than a test's measured window on a busy box, and only frames answered inside it count.
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (var photo : SharedPhotos.all()) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(target
                        + "/v2/models/small/classify")).POST(HttpRequest.BodyPublishers.ofFile(photo)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, res.statusCode(), res.body());
            }
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode run(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("loadtest", "--target", target, "--model", "small",
                "--images", SharedPhotos.directory().toString(), "--json"));
        all.addAll(List.of(args));
        Cli r = Cli.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err() + r.out());
        return CliJson.MAPPER.readTree(r.out());
    }

    @Test
    void closedLoopPhotosAreClassifiedOverEveryProtocolWithoutFailures() throws Exception {
        for (String protocol : PROTOCOLS) {
            // A second of warm-up: the first photos through a cold server on a busy box may take that long.
            JsonNode report = run("--protocol", protocol, "--concurrency", "2", "--warmup", "1", "--duration", "2");
            String out = protocol + ": " + report;
            long classified = report.get("framesClassified").asLong();
            assertTrue(classified > 0, out);
            assertEquals(0, report.get("framesFailed").asLong(), out);
            assertEquals(0, report.get("errors").asLong(), out);
            assertEquals(report.get("framesSent").asLong(), classified + report.get("framesDropped").asLong(), out);
            assertEquals(classified / 2.0, report.get("requestsPerSecond").asDouble(), 1e-9, out);
            assertServerShare(report.get("server"), out);
        }
    }

    @Test
    void openLoopRawFramesAreSentAtTheRateOverEveryProtocol() throws Exception {
        for (String protocol : PROTOCOLS) {
            // 20 per second for 2 s at fixed times, with room for all 40 in flight (5 cameras x 8 frames).
            JsonNode report = run("--protocol", protocol, "--raw", "160x120", "--rate", "20", "--concurrency",
                    protocol.equals("stream") ? "5" : "40", "--warmup", "0", "--duration", "2");
            String out = protocol + ": " + report;
            assertEquals("160x120", report.get("raw").asText(), out);
            assertEquals(40, report.get("framesSent").asLong(), out);
            assertEquals(40, report.get("framesClassified").asLong() + report.get("framesDropped").asLong(), out);
            assertEquals(0, report.get("framesFailed").asLong(), out);
            assertServerShare(report.get("server"), out);
        }
    }

    @Test
    void cameraStreamsCountEveryFrameAsClassifiedDroppedOrNotSent() throws Exception {
        // Four cameras at 100 frames per second each: whatever the model's speed, every frame sent is classified
        // or dropped for a newer one of its stream, and a frame due while its camera has 8 unanswered is not sent.
        Cli r = Cli.run("loadtest", "--target", target, "--model", "small", "--images",
                SharedPhotos.directory().toString(), "--protocol", "stream", "--rate", "400", "--concurrency", "4",
                "--duration", "1", "--warmup", "0", "--json");
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        String out = r.err() + report;
        long sent = report.get("framesSent").asLong();
        long notSent = report.get("statusCounts").path(FixedRateLoad.BACKLOG).asLong();
        assertEquals(400, sent + notSent, out);
        assertEquals(sent, report.get("framesClassified").asLong() + report.get("framesDropped").asLong(), out);
        assertEquals(0, report.get("framesFailed").asLong(), out);
        assertTrue(report.get("framesClassified").asLong() > 0, out);
        assertEquals(notSent, report.get("errors").asLong(), out);
        assertEquals(notSent == 0 ? 0 : 1, r.exitCode(), out);
    }

    @Test
    void textReportGivesFramesAndTheServersTimePerFrameByStage() {
        Cli r = Cli.run("loadtest", "--target", target, "--model", "small", "--images",
                SharedPhotos.directory().toString(), "--protocol", "stream", "--concurrency", "1", "--duration", "1",
                "--warmup", "0");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains(" sent, "), r.out());
        assertTrue(r.out().contains(" dropped by the server for newer ones, 0 failed"), r.out());
        assertTrue(r.out().matches("(?s).*server per frame \\(\\d+ inferences\\): decode \\d+\\.\\d+, preprocess"
                + " \\d+\\.\\d+, queue wait \\d+\\.\\d+, inference \\d+\\.\\d+ ms; CPU \\d+\\.\\d+ ms \\(pid \\d+.*"),
                r.out());
    }

    @Test
    void framesOptionsAreCheckedBeforeAnythingIsSent() {
        Cli stream = Cli.run("loadtest", "--target", target, "--protocol", "stream");
        assertEquals(2, stream.exitCode(), stream.err());
        assertTrue(stream.err().contains("--protocol stream sends camera frames: give them with --images DIR"),
                stream.err());
        Cli raw = Cli.run("loadtest", "--target", target, "--images", SharedPhotos.directory().toString(), "--raw",
                "640by480");
        assertEquals(2, raw.exitCode(), raw.err());
        assertTrue(raw.err().contains("--raw must be WIDTHxHEIGHT with sides in 1..8192, e.g. 640x480, got '640by480'"),
                raw.err());
    }

    /** The server ran inferences in the window and recorded all four stages and its CPU for them. */
    private static void assertServerShare(JsonNode s, String out) {
        assertTrue(s.get("frames").asLong() > 0, out);
        for (String stage : List.of("decodeMillis", "preprocessMillis", "queueWaitMillis", "inferenceMillis")) {
            assertTrue(s.get(stage).isNumber() && s.get(stage).asDouble() >= 0, stage + " in " + out);
        }
        assertTrue(s.get("inferenceMillis").asDouble() > 0, out);
        // The server runs in this JVM, so the process found listening on its port is this one.
        assertEquals(ProcessHandle.current().pid(), s.get("pid").asLong(), out);
        assertTrue(s.get("cpuMillis").isNumber(), out);
    }
}
