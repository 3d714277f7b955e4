package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12 row 2: multipart uploads built to make a boundary search quadratic are answered at once. Before: an
 * 8,000-character boundary over 4 MiB stalled the whole server (HTTP, gRPC, health) for 18-25 s.
 */
@Timeout(60)
final class MultipartFloodTest {
    private static HostileServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HostileServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** 4 MiB of near-misses: the boundary less its last character, over and over, and no real delimiter. */
    private static byte[] nearMisses(String boundary) {
        byte[] miss = ("\r\n--" + boundary.substring(0, boundary.length() - 1) + "!").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.jpg\""
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        while (body.size() < (4 << 20)) {
            body.writeBytes(miss);
        }
        return body.toByteArray();
    }

    @Test
    void eightThousandCharacterBoundaryIsRefusedAtOnce() throws Exception {
        String boundary = "-".repeat(8000);
        long start = System.nanoTime();
        HttpResponse<String> r = server.post("/v2/models/mobilenet/classify", "multipart/form-data; boundary="
                + boundary, nearMisses(boundary));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("row 2, 8,000-character boundary: " + r.statusCode() + " in " + millis + " ms: " + r.body());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("longer than the 70 RFC 2046 allows"), r.body());
        server.assertHealthy();
    }

    @Test
    void seventyCharacterBoundaryOverFourMebibytesOfNearMissesIsAnsweredAtOnce() throws Exception {
        String boundary = "-".repeat(70);
        long start = System.nanoTime();
        HttpResponse<String> r = server.post("/v2/models/mobilenet/classify", "multipart/form-data; boundary="
                + boundary, nearMisses(boundary));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("row 2, 70-character boundary, 4 MiB of near misses: " + r.statusCode() + " in " + millis
                + " ms: " + r.body());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("not terminated by its boundary"), r.body());
        assertTrue(millis < 5000, millis + " ms"); // a linear scan of 4 MiB; the quadratic one took seconds
        server.assertHealthy();
    }
}
