package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 row 9: chunked request bodies that are too large, badly framed or never finished get a clear answer
 * (413 / 400 without a stack trace) or a timeout, and the server stays healthy.
 */
@Timeout(60)
final class ChunkedBodiesTest {
    private static final int MAX_BYTES = 128 * 1024;
    private static final long BODY_TIMEOUT_MILLIS = 1500;
    private static HostileServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HostileServer.start(Map.of("max-request-bytes", String.valueOf(MAX_BYTES), "body-read-timeout-ms",
                String.valueOf(BODY_TIMEOUT_MILLIS)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stillHealthy() throws Exception {
        server.assertHealthy();
    }

    private static String head(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
    }

    @Test
    void chunkedBodyOverTheLimitIs413WithoutAStackTrace() throws Exception {
        try (RawHttp1 c = new RawHttp1(server.port())) {
            c.send(head("/v2/models/mobilenet/classify"));
            String chunk = "4000\r\n" + "x".repeat(0x4000) + "\r\n";
            for (int i = 0; i < 12 && c.send(chunk); i++) {
                // 192 KiB against a 128 KiB limit
            }
            c.send("0\r\n\r\n");
            RawHttp1.Reply r = c.read(5000);
            System.out.println("row 9, chunked over the limit: " + r);
            assertEquals(413, r.status(), r.toString());
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "-10", "fffffffffffffffffff", "7fffffffffffffff"})
    void badChunkSizeIs400(String size) throws Exception {
        try (RawHttp1 c = new RawHttp1(server.port())) {
            c.send(head("/v2/models/mobilenet/classify") + size + "\r\nhello\r\n0\r\n\r\n");
            RawHttp1.Reply r = c.read(5000);
            System.out.println("row 9, chunk size " + size + ": " + r);
            int status = r.status();
            assertTrue(status == 400 || status == 413, r.toString());
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.toString());
        }
    }

    @Test
    void chunkedBodyNeverFinishedIsCutOffByTheBodyReadTimeout() throws Exception {
        try (RawHttp1 c = new RawHttp1(server.port())) {
            c.send(head("/v2/models/mobilenet/classify") + "100\r\n" + "x".repeat(16)); // 256 announced, 16 sent
            RawHttp1.Reply r = c.read(4 * BODY_TIMEOUT_MILLIS);
            System.out.println("row 9, chunked never finished: " + r);
            assertTrue(r.ended().equals("closed") || r.ended().equals("reset"), r.toString());
            assertTrue(r.millis() < 3 * BODY_TIMEOUT_MILLIS, r.toString());
        }
    }

    @Test
    void contentLengthBodyNeverFinishedIsCutOffToo() throws Exception {
        try (RawHttp1 c = new RawHttp1(server.port())) {
            c.send("POST /v2/models/mobilenet/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                    + "Content-Length: 1000\r\n\r\n" + "x".repeat(10));
            RawHttp1.Reply r = c.read(4 * BODY_TIMEOUT_MILLIS);
            assertTrue(r.ended().equals("closed") || r.ended().equals("reset"), r.toString());
            assertTrue(r.millis() < 3 * BODY_TIMEOUT_MILLIS, r.toString());
        }
    }
}
