package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The closed loop against a target that died after the clients were set up (they read the model's metadata,
 * then the port closed): every request fails at once, over real loopback transport, and the back-off keeps the
 * failures to a few per client a second where the loop used to resend millions of times. Counts only, no times.
 */
final class ClosedLoopLoadTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int CLIENTS = 3;

    @Test
    void aDeadGrpcTargetDrawsAFewCountedFailuresPerClientNotASpin() throws Exception {
        // While it cannot connect the channel fails calls with UNAVAILABLE, typically before sendAsync returns:
        // the loop's synchronous path.
        assertFewCountedFailures("grpc", "UNAVAILABLE");
    }

    @Test
    void aDeadHttpTargetDrawsAFewCountedFailuresPerClientNotASpin() throws Exception {
        // The refused connection completes on the HTTP client's executor: the loop's asynchronous path.
        assertFewCountedFailures("http", "CLIENT_ConnectException");
    }

    private static void assertFewCountedFailures(String protocol, String status) throws Exception {
        ClosedLoopLoad.Outcome o;
        try (LoadClient client = clientOfADeadTarget(protocol)) {
            o = ClosedLoopLoad.run(List.of(client), CLIENTS, 0, 3 * SECOND / 2);
        }
        assertEquals(List.of(status), List.copyOf(o.statuses().keySet()), o.statuses().toString());
        long failures = o.statuses().get(status);
        // Each client's first request fails inside the window; then 1, 2, 4 … 200 ms waits allow about 15 more
        // per client in 1.5 s. Without the back-off the loop resent as fast as the failures came back (11.7 M
        // in 40 s against a server that had died).
        assertTrue(failures >= CLIENTS && failures < 300, o.statuses().toString());
        assertEquals(0, o.latencies().length);
    }

    /** A client set up against a stand-in that serves only the model's metadata, then closes its port. */
    private static LoadClient clientOfADeadTarget(String protocol) throws Exception {
        HttpServer metadata = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = """
                {"name": "m", "inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 4]}],
                 "outputs": [{"name": "y", "datatype": "FP32", "shape": [1, 2]}]}
                """.getBytes(StandardCharsets.UTF_8);
        metadata.createContext("/v2/models/m", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        metadata.start();
        try {
            return LoadClient.create(URI.create("http://127.0.0.1:" + metadata.getAddress().getPort()), protocol, "m");
        } finally {
            metadata.stop(0);
        }
    }
}
