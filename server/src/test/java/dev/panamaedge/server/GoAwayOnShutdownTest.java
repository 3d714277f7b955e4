package dev.panamaedge.server;

import static dev.panamaedge.server.Http2Frame.ACK;
import static dev.panamaedge.server.Http2Frame.GOAWAY;
import static dev.panamaedge.server.Http2Frame.SETTINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.helidon.webserver.WebServer;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shutdown over HTTP/2, read frame by frame: Helidon's own stop closes an idle connection without announcing it
 * (no graceful GOAWAY); ours first tells each one, prior knowledge and h2c upgrade alike, with a graceful GOAWAY.
 */
class GoAwayOnShutdownTest {
    private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    private static final int SETTINGS_MAX_FRAME_SIZE = 0x5;

    @Test
    void helidonAloneNeverAnnouncesItsStop() throws Exception {
        WebServer helidon = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> r.get("/", (req, res) -> res.send("ok"))).build().start();
        try (RawHttp2 c = RawHttp2.priorKnowledge(helidon.port())) {
            c.settle();
            Thread stop = Thread.ofVirtual().start(helidon::stop);
            // Mostly none at all; at times (a loaded box) the one of its abrupt close, which names the last stream
            // it processed. Never the graceful first GOAWAY (last stream 2^31-1) that lets open streams finish.
            Http2Frame goAway = c.awaitFrame(GOAWAY, 10_000);
            if (goAway != null) {
                ByteBuffer payload = ByteBuffer.wrap(goAway.payload());
                assertNotEquals(Integer.MAX_VALUE, payload.getInt(), "Helidon 4.5.0 does not announce its stop with a "
                        + "graceful GOAWAY; if it now does, OpenHttp2Connections can go");
            }
            stop.join();
        } finally {
            helidon.stop();
        }
    }

    @Test
    void everyHttp2ConnectionIsToldTheServerIsGoingAwayAndKeepsItsOpenStreams() throws Exception {
        HostileServer server = HostileServer.start(Map.of("drain-ms", "5000"));
        Thread stop = null;
        try (RawHttp2 prior = RawHttp2.priorKnowledge(server.port());
             RawHttp2 upgraded = RawHttp2.upgrade(server.port())) {
            Map<Integer, Long> settings = prior.serverSettings();
            prior.frame(SETTINGS, ACK, 0, new byte[0]);
            assertEquals(4L << 20, settings.get(SETTINGS_INITIAL_WINDOW_SIZE), "ExactWindowUpdates' window");
            assertEquals((1L << 20) + 1, settings.get(SETTINGS_MAX_FRAME_SIZE), "ExactWindowUpdates' frame size");
            upgraded.settle();

            stop = Thread.ofVirtual().start(server::close);
            for (RawHttp2 c : new RawHttp2[] {prior, upgraded}) {
                Http2Frame goAway = c.awaitFrame(GOAWAY, 5_000);
                assertNotNull(goAway, "a GOAWAY before the connection closes");
                ByteBuffer payload = ByteBuffer.wrap(goAway.payload());
                assertEquals(0, goAway.stream());
                assertEquals(Integer.MAX_VALUE, payload.getInt(), "last stream 2^31-1: open streams will be processed");
                assertEquals(0, payload.getInt(), "NO_ERROR");
            }
        } finally {
            if (stop == null) {
                server.close();
            } else {
                stop.join();
            }
        }
    }
}
