package dev.panamaedge.server;

import static dev.panamaedge.server.Http2Frame.DATA;
import static dev.panamaedge.server.Http2Frame.END_HEADERS;
import static dev.panamaedge.server.Http2Frame.END_STREAM;
import static dev.panamaedge.server.Http2Frame.GOAWAY;
import static dev.panamaedge.server.Http2Frame.HEADERS;
import static dev.panamaedge.server.Http2Frame.PING;
import static dev.panamaedge.server.Http2Frame.RST_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webserver.WebServer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that keeps sending DATA on a stream it has just reset, frame by frame: grpc-java does so when the server
 * ends a call it is still streaming into (its RST_STREAM answers the trailers; the rest of the message it was
 * writing follows). RFC 9113 §5.1 makes that an error of the one stream. Helidon 4.5.0 fails the whole connection
 * with PROTOCOL_ERROR, and every other call on it; ours drops that DATA before Helidon reads it, gives the client its
 * connection window back, and the connection goes on.
 */
class DataAfterResetTest {
    private static final int WINDOW_UPDATE = 0x8;
    private static final int CANCEL = 0x8;
    private static final int PROTOCOL_ERROR = 0x1;
    private static final int LATE_BYTES = 1234;

    /** POST {@code path}, HPACK-encoded with static-table references and literals only; the body follows. */
    private static byte[] postHeaders(String path) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x83); // :method POST
        b.write(0x86); // :scheme http
        b.write(0x04); // :path, literal value
        b.write(path.length());
        b.writeBytes(path.getBytes(StandardCharsets.US_ASCII));
        b.write(0x01); // :authority, literal value
        b.write(9);
        b.writeBytes("127.0.0.1".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /** A body begun on stream 1, the client's reset of it, and then more of the body. */
    private static void sendDataAfterReset(RawHttp2 c, String path) throws Exception {
        c.settle();
        c.frame(HEADERS, END_HEADERS, 1, postHeaders(path));
        c.frame(DATA, 0, 1, new byte[100]);
        c.frame(RST_STREAM, 0, 1, ByteBuffer.allocate(4).putInt(CANCEL).array());
        c.frame(DATA, 0, 1, new byte[LATE_BYTES]);
        c.frame(PING, 0, 0, new byte[8]);
    }

    @Test
    void helidonAloneFailsTheConnection() throws Exception {
        WebServer helidon = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> r.post("/upload", (req, res) -> res.send(req.content().as(String.class).length())))
                .build().start();
        try (RawHttp2 c = RawHttp2.priorKnowledge(helidon.port())) {
            sendDataAfterReset(c, "/upload");
            RawHttp2.Ending end = c.awaitEnd(0, 5_000);
            assertEquals("GOAWAY", end.how(), "Helidon 4.5.0 fails the connection; if it no longer does, "
                    + "HeaderBlockFrames' dropping of DATA after RST_STREAM can go: " + end);
            assertEquals(PROTOCOL_ERROR, end.errorCode(), end.toString());
        } finally {
            helidon.stop();
        }
    }

    @Test
    void oursDropsTheDataCreditsTheWindowAndGoesOn() throws Exception {
        try (HostileServer server = HostileServer.start();
             RawHttp2 c = RawHttp2.priorKnowledge(server.port())) {
            sendDataAfterReset(c, "/v2/models/mobilenet/infer");
            List<Integer> connectionCredits = new ArrayList<>();
            Http2Frame pong = c.awaitFrame(f -> {
                if (f.type() == WINDOW_UPDATE && f.stream() == 0) {
                    connectionCredits.add(ByteBuffer.wrap(f.payload()).getInt());
                }
                return f.type() == PING || f.type() == GOAWAY;
            }, 5_000);
            assertNotNull(pong, "the connection answers");
            assertEquals(PING, pong.type(), "no GOAWAY: " + pong);
            assertTrue(connectionCredits.contains(LATE_BYTES), "the dropped DATA's window is given back: "
                    + connectionCredits);
            c.frame(HEADERS, END_HEADERS | END_STREAM, 3, RawHttp2.getHeaders("/v2/health/live"));
            assertEquals("END_STREAM", c.awaitEnd(3, 5_000).how(), "a new request on the same connection is answered");
        }
    }
}
