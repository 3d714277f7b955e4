package dev.panamaedge.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.server.Engines;
import dev.panamaedge.server.ServerConfig;
import dev.panamaedge.server.ServerMain;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding and cross-site requests against a loopback server ({@link ServerMain}, real routes): a foreign
 * Host or Origin is refused with 403 before any handler runs, the server's own names and origin pass, and the
 * {@code allowed-hosts} / {@code allowed-origins} settings let named ones through (with CORS headers).
 */
final class HostOriginCheckTest {
    private static final String CLASSIFY = "POST /v2/models/m/classify HTTP/1.1\r\nContent-Type: text/plain\r\n";
    private static ServerMain server;
    private static ServerMain permissive;

    @BeforeAll
    static void start() {
        server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0")), new Engines(),
                List::of);
        permissive = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0",
                "allowed-hosts", "edge.local", "allowed-origins", "https://dashboard.example")), new Engines(),
                List::of);
    }

    @AfterAll
    static void stop() {
        server.close();
        permissive.close();
    }

    private static String get(ServerMain s, String host, String extra) throws Exception {
        return RawHttp.exchange(s.port(), "GET /v2/health/live HTTP/1.1\r\nHost: " + host + "\r\n" + extra, "");
    }

    @Test
    void foreignHostIsRefusedBeforeTheHandler() throws Exception {
        String r = RawHttp.exchange(server.port(), CLASSIFY + "Host: rebind.evil.example:" + server.port() + "\r\n",
                "cat");
        assertEquals(403, RawHttp.status(r), r);
        assertTrue(r.contains("Host 'rebind.evil.example:" + server.port() + "' is not this server's"), r);
        assertEquals(403, RawHttp.status(get(server, "localhost:1", "")), "loopback name, other port");
        assertEquals(403, RawHttp.status(get(server, "edge.local", "")), "only allowed by the other server");
    }

    @Test
    void loopbackNamesWithOrWithoutThePortPass() throws Exception {
        for (String host : List.of("localhost:" + server.port(), "127.0.0.1:" + server.port(),
                "[::1]:" + server.port(), "LOCALHOST", "127.0.0.1")) {
            String r = get(server, host, "");
            assertEquals(200, RawHttp.status(r), host + ": " + r);
        }
    }

    @Test
    void crossOriginRequestIsRefusedAndTheOwnOriginPasses() throws Exception {
        String host = "127.0.0.1:" + server.port();
        String cross = RawHttp.exchange(server.port(), CLASSIFY + "Host: " + host
                + "\r\nOrigin: http://attacker.example\r\n", "cat");
        assertEquals(403, RawHttp.status(cross), cross);
        assertTrue(cross.contains("cross-origin request from 'http://attacker.example' refused"), cross);
        assertEquals(403, RawHttp.status(get(server, host, "Origin: null\r\n")), "sandboxed or file page");
        assertEquals(403, RawHttp.status(get(server, host, "Origin: http://localhost:" + server.port() + "\r\n")),
                "another loopback name is another origin");
        String own = get(server, host, "Origin: http://" + host + "\r\n");
        assertEquals(200, RawHttp.status(own), own);
    }

    @Test
    void allowedHostsAndOriginsPassWithCorsHeaders() throws Exception {
        assertEquals(200, RawHttp.status(get(permissive, "edge.local:" + permissive.port(), "")));
        String host = "127.0.0.1:" + permissive.port();
        String allowed = get(permissive, host, "Origin: https://dashboard.example\r\n");
        assertEquals(200, RawHttp.status(allowed), allowed);
        assertTrue(allowed.toLowerCase().contains("access-control-allow-origin: https://dashboard.example"), allowed);
        String preflight = RawHttp.exchange(permissive.port(), "OPTIONS /v2/models/m/infer HTTP/1.1\r\nHost: " + host
                + "\r\nOrigin: https://dashboard.example\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: content-type\r\n", "");
        assertEquals(204, RawHttp.status(preflight), preflight);
        assertTrue(preflight.toLowerCase().contains("access-control-allow-headers: content-type"), preflight);
        assertEquals(403, RawHttp.status(get(permissive, host, "Origin: https://other.example\r\n")));
    }
}
