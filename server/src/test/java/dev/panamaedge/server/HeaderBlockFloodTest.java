package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12 row 1: a header block that never ends (HEADERS without END_HEADERS, then zero-length CONTINUATIONs)
 * gets GOAWAY ENHANCE_YOUR_CALM from our {@code HeaderBlockFrameLimit} after 64 frames, on both ways into
 * HTTP/2; Helidon's own limit on the block's bytes still answers a block that is too large. Before: the frames
 * piled up in Helidon until the heap was full.
 */
@Timeout(60)
final class HeaderBlockFloodTest {
    private static HostileServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HostileServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void zeroLengthContinuationFloodOverPriorKnowledgeGetsGoAway() throws Exception {
        try (RawHttp2 c = RawHttp2.priorKnowledge(server.port())) {
            RawHttp2.Ending end = flood(c, 1);
            assertOurGoAway(end);
        }
        server.assertHealthy();
    }

    @Test
    void zeroLengthContinuationFloodAfterH2cUpgradeGetsGoAway() throws Exception {
        try (RawHttp2 c = RawHttp2.upgrade(server.port())) {
            RawHttp2.Ending end = flood(c, 3); // stream 1 is the upgrade request
            assertOurGoAway(end);
        }
        server.assertHealthy();
    }

    @Test
    void blockSplitIntoManySmallFramesIsStillServed() throws Exception {
        byte[] block = RawHttp2.getHeaders("/v2/health/live");
        try (RawHttp2 c = RawHttp2.priorKnowledge(server.port())) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(Http2Frame.bytes(Http2Frame.HEADERS, Http2Frame.END_STREAM, 1,
                    Arrays.copyOfRange(block, 0, 1)));
            for (int i = 1; i < block.length; i++) {
                int flags = i == block.length - 1 ? Http2Frame.END_HEADERS : 0;
                frames.writeBytes(Http2Frame.bytes(Http2Frame.CONTINUATION, flags, 1,
                        Arrays.copyOfRange(block, i, i + 1)));
            }
            assertTrue(block.length > 20 && block.length < 64, "a block of " + block.length + " one-byte frames");
            c.write(frames.toByteArray());
            RawHttp2.Ending end = c.awaitEnd(1, 5000);
            assertEquals("END_STREAM", end.how(), end.toString());
        }
    }

    @Test
    void blockOverHelidonsHeaderListSizeIsRefusedByHelidon() throws Exception {
        try (RawHttp2 c = RawHttp2.priorKnowledge(server.port())) {
            c.settle();
            c.frame(Http2Frame.HEADERS, 0, 1, RawHttp2.getHeaders("/v2/health/live"));
            // 80 KiB in 6 frames: past the 64 KiB our pseudo-header rewriting holds back, so it reaches Helidon,
            // and 10 times Helidon's 8 KiB max-header-list-size
            byte[] full = new byte[16384];
            try {
                for (int i = 0; i < 5; i++) {
                    c.frame(Http2Frame.CONTINUATION, 0, 1, full);
                }
            } catch (SocketException e) {
                // Helidon may refuse and close before the last frames are written; its GOAWAY is read below
            }
            RawHttp2.Ending end = c.awaitEnd(1, 5000);
            assertEquals("GOAWAY", end.how(), end.toString());
            // Helidon answers with error code 431 (the HTTP status, where RFC 9113 has no such code), not our 0xb
            assertNotEquals(Http2Frame.ENHANCE_YOUR_CALM, end.errorCode(), "Helidon's answer, not ours: " + end);
        }
        server.assertHealthy();
    }

    /** HEADERS without END_HEADERS, then up to 200,000 zero-length CONTINUATIONs, then the server's answer. */
    private static RawHttp2.Ending flood(RawHttp2 c, int stream) throws Exception {
        c.settle();
        c.frame(Http2Frame.HEADERS, 0, stream, RawHttp2.getHeaders("/v2/health/live"));
        byte[] batch = new byte[9 * 1000];
        byte[] one = Http2Frame.bytes(Http2Frame.CONTINUATION, 0, stream, new byte[0]);
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(one, 0, batch, 9 * i, 9);
        }
        // Read while writing: once the server closes, further writes reset the connection and would discard its
        // GOAWAY before this side reads it.
        CompletableFuture<RawHttp2.Ending> end = CompletableFuture.supplyAsync(() -> {
            try {
                return c.awaitEnd(stream, 10_000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        for (int i = 0; i < 200 && !end.isDone() && c.write(batch); i++) {
            // until the server closes the connection or 200,000 frames are out
        }
        return end.get();
    }

    private static void assertOurGoAway(RawHttp2.Ending end) {
        assertEquals("GOAWAY", end.how(), end.toString());
        assertEquals(Http2Frame.ENHANCE_YOUR_CALM, end.errorCode(), end.toString());
        assertTrue(end.millis() < 5000, end.toString());
    }
}
