package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12 row 10, through Helidon's own settings as ServerMain sets them (ConnectionLimits): slowloris
 * connections are closed by the idle timeout, the connection cap holds, and HTTP/2 announces the stream cap.
 * Before (Helidon's defaults): no connection cap, idle connections kept 5 minutes, 8192 streams each.
 */
@Timeout(60)
final class SlowClientsTest {
    private static final int MAX_CONNECTIONS = 8;
    private static final long IDLE_MILLIS = 3000;
    private static HostileServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HostileServer.start(Map.of("max-connections", String.valueOf(MAX_CONNECTIONS), "idle-timeout-ms",
                String.valueOf(IDLE_MILLIS), "max-streams-per-connection", "16"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void slowlorisHoldingEveryConnectionIsClosedByTheIdleTimeout() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            openAll(slow, "GET /v2/health/re"); // never ends
            long start = System.nanoTime();
            for (Socket s : slow) {
                s.setSoTimeout(5000);
                assertEquals(-1, readUntilClosed(s.getInputStream()), "closed without a reply");
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2 * IDLE_MILLIS, "all closed within " + millis + " ms");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        server.assertHealthy();
    }

    @Test
    void headersTrickledAByteAtATimeAreClosedByTheIdleTimeoutToo() throws Exception {
        // The request line whole, then one header byte every 300 ms: Helidon's idle check stopped at the request
        // line, so before this such a connection stayed open for good (40 s and counting at 1 byte / 2 s, with a
        // 5 s idle timeout), and max-connections of them locked every other client out.
        List<Socket> slow = new ArrayList<>();
        try {
            openAll(slow, "GET /v2/health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long start = System.nanoTime();
            byte[] header = "X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII);
            int open = slow.size();
            for (int sent = 0; open > 0 && System.nanoTime() - start < 4L * IDLE_MILLIS * 1_000_000; sent++) {
                open = 0;
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(header[sent % header.length]);
                        s.getOutputStream().flush();
                        s.setSoTimeout(1);
                        if (s.getInputStream().read() == -1) {
                            continue; // closed by the server
                        }
                        throw new AssertionError("the server answered a request whose headers never ended");
                    } catch (java.net.SocketTimeoutException e) {
                        open++; // still open
                    } catch (java.io.IOException e) {
                        // reset by the server: closed
                    }
                }
                Thread.sleep(300);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, open, open + " trickling connections still open after " + millis + " ms");
            assertTrue(millis < 3 * IDLE_MILLIS, "all closed within " + millis + " ms");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        server.assertHealthy();
    }

    @Test
    void aSlowBodyOfARoutedRequestIsNotCutByTheIdleTimeout() throws Exception {
        // Headers whole, then the body a byte at a time over longer than the idle timeout (but well inside the
        // body read timeout): the request is being handled, so the idle check leaves it alone.
        byte[] body = "{\"inputs\":[]}".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(("POST /v2/models/mobilenet/infer HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long pause = (IDLE_MILLIS * 3 / 2) / body.length + 1;
            for (byte b : body) {
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
                Thread.sleep(pause);
            }
            s.setSoTimeout(10_000);
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 400", status, "the request was answered (no inputs: 400), not cut off");
        }
    }

    @Test
    void connectionsBeyondTheCapWaitUntilOneCloses() throws Exception {
        // A server of its own, with a long idle timeout: no connection of another test, and none closed as idle
        // while this one counts them.
        try (HostileServer capped = HostileServer.start(Map.of("max-connections", String.valueOf(MAX_CONNECTIONS)))) {
            connectionsBeyondTheCapWait(capped);
            capped.assertHealthy();
        }
    }

    private static void connectionsBeyondTheCapWait(HostileServer server) throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                held.add(keepAliveConnection(server));
            }
            try (Socket extra = new Socket("127.0.0.1", server.port())) {
                OutputStream out = extra.getOutputStream();
                out.write("GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                extra.setSoTimeout(300);
                boolean answeredAtOnce;
                try {
                    answeredAtOnce = extra.getInputStream().read() >= 0;
                } catch (SocketTimeoutException e) {
                    answeredAtOnce = false;
                }
                assertTrue(!answeredAtOnce, "a connection beyond the cap of " + MAX_CONNECTIONS + " was served");
                held.removeFirst().close();
                extra.setSoTimeout(5000);
                assertEquals('H', extra.getInputStream().read(), "served once a connection closed");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void http2AnnouncesTheStreamCap() throws Exception {
        try (RawHttp2 c = RawHttp2.priorKnowledge(server.port())) {
            assertEquals(16L, c.serverSetting(0x3), "SETTINGS_MAX_CONCURRENT_STREAMS");
        }
    }

    /** A connection that has been served one request and stays open (keep-alive). */
    private static Socket keepAliveConnection(HostileServer server) throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.getOutputStream().write("GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5000);
        assertEquals('H', s.getInputStream().read());
        return s;
    }

    /** Opens {@link #MAX_CONNECTIONS} connections into {@code into}, each sending {@code start} and no more. */
    private static void openAll(List<Socket> into, String start) throws Exception {
        for (int i = 0; i < MAX_CONNECTIONS; i++) {
            Socket s = new Socket("127.0.0.1", server.port());
            into.add(s); // before writing: the test's finally closes it whatever happens
            s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static int readUntilClosed(InputStream in) throws Exception {
        int b;
        while ((b = in.read()) >= 0) {
            // the server may answer 408 or nothing; either way it closes
        }
        return b;
    }
}
