package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client can make the server write, over real sockets: a model name carrying CR/LF cannot forge
 * a log line, a thousand uploads cut off mid-body write no thousand stack traces, and no error a client sees
 * names a file-system path or the engine's internals.
 */
@ServerTest
final class LogHygieneTest {
    private static final ModelRegistry REGISTRY = TestModels.registry();
    private final int port;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogHygieneTest(WebServer server) {
        this.port = server.port();
    }

    @SetUpRoute
    static void routes(HttpRouting.Builder routing) {
        ServerRoutes.http(routing, REGISTRY);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(capture);
    }

    private String exchange(String head) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write((head + "Host: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.toString(StandardCharsets.ISO_8859_1).contains("}")) {
                    break;
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private String logText() {
        StringBuilder b = new StringBuilder();
        for (LogRecord r : records) {
            b.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
        }
        return b.toString();
    }

    @Test
    void crLfInAModelNameCannotForgeALogLine() throws Exception {
        String forged = "x%0a2026-12-07 12:00:00.000 SEVERE  dev.panamaedge.server.ModelRegistry: forged";
        String reply = exchange("GET /v2/models/" + forged.replace(" ", "%20") + " HTTP/1.1\r\n");
        // Helidon may refuse the decoded line break itself (400); either way no raw line break is logged.
        assertTrue(reply.startsWith("HTTP/1.1 404") || reply.startsWith("HTTP/1.1 400"), reply);
        Thread.sleep(200);
        for (LogRecord r : records) {
            String m = String.valueOf(r.getMessage());
            assertFalse(m.contains("\n") || m.contains("\r"), "raw line break logged: " + m);
        }
        // The rejection line itself, from a log of its own (the server's is shared by every test in this JVM).
        String line = new RejectionLog(1, System::nanoTime).rejected(404, "NOT_FOUND",
                "unknown model 'x\r\n2026-12-07 SEVERE forged\u0085\u2028'").orElseThrow();
        assertEquals("rejected 404 / NOT_FOUND: unknown model 'x\\r\\n2026-12-07 SEVERE forged\\u0085\\u2028'", line);
    }

    @Test
    void aBrokenModelsErrorNamesNoPathButAnIdTheLogExplains(@TempDir Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(model.resolve("model.xml"), "<net name='x'><layers><layer id='0' type='Nope'/></layers>");
        Files.write(model.resolve("model.bin"), new byte[16]);
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "engine", "native",
                "model", model.resolve("model.xml").toString()));
        try (ServerMain server = ServerMain.start(config, new Engines(), List::of)) {
            server.registry().awaitLoaded(120_000);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v2/models/broken")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode(), r.body());
            Matcher id = Pattern.compile("\\{\"error\":\"model broken/1 failed to load: see the server log for"
                    + " (load-[0-9]+)\"}").matcher(r.body());
            assertTrue(id.matches(), "no path, no OpenVINO text, only the id: " + r.body());
            LogRecord logged = records.stream().filter(x -> String.valueOf(x.getMessage()).contains("(" + id.group(1) + ")"))
                    .findFirst().orElseThrow(() -> new AssertionError("no log entry for " + id.group(1) + ":\n"
                            + logText()));
            assertTrue(logged.getThrown() != null && String.valueOf(logged.getThrown()).contains("malformed xml"),
                    "the log keeps the cause: " + logged.getThrown());
        }
    }

    @Test
    void aThousandAbortedUploadsWriteNoThousandStackTraces() throws Exception {
        byte[] part = new byte[4096];
        for (int i = 0; i < 1000; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /v2/models/mobilenet/classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg"
                        + "\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(part);
                out.flush();
                s.setSoLinger(true, 0);
            }
        }
        Thread.sleep(3000);
        long traces = records.stream().filter(r -> r.getThrown() != null).count();
        assertTrue(traces <= 2, traces + " stack traces:\n" + logText());
        assertTrue(records.size() <= 10, records.size() + " log lines:\n" + logText());
        assertTrue(exchange("GET /v2/health/live HTTP/1.1\r\n").startsWith("HTTP/1.1 200"), "server healthy");
    }
}
