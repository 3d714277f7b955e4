package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 row 8 at the real limits: a server JVM with {@code edge serve}'s heap flags ({@code -Xmx320m}, Serial
 * GC, 48 MB young generation) and the default limits (16 MiB bodies, 16 MP images, the budget derived from that
 * heap) gets four 16 MP RGBA PNGs and four 16 MiB JSON tensors at once. Before the budget these were 500
 * OutOfMemoryError; now each is answered (200, or 400 for a tensor the model does not take) or refused as busy
 * (503), the server never runs out of heap, and it answers health afterwards. The same heap against gRPC messages
 * that never arrive: only their length prefixes.
 */
final class ServeHeapTest {
    /** The heap flags of the {@code edge} script's {@code serve} branch (its JIT and CDS flags do not change the heap). */
    private static final List<String> SERVE_HEAP = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmn48m",
            "-XX:SurvivorRatio=1", "-XX:TargetSurvivorRatio=90", "-Xmx320m", "-XX:-ShrinkHeapInSteps",
            "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40");
    private static final Pattern URL = Pattern.compile("serving on (http://\\S+?)/?$");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void largestInputsFourAtOnceUnderTheServeHeapNeverRunOutOfMemory() throws Exception {
        byte[] png = LargeInputs.rgbaPng(4000, 8); // 16 MP
        byte[] json = LargeInputs.zerosJson("input", 16 << 20);
        try (ServeProcess server = ServeProcess.start()) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(post(server.base.resolve("/v2/models/mobilenet/classify"), "image/png", png));
                sent.add(post(server.base.resolve("/v2/models/mobilenet/infer"), "application/json", json));
            }
            int served = 0;
            for (CompletableFuture<HttpResponse<String>> f : sent) {
                HttpResponse<String> r = f.join();
                int code = r.statusCode();
                assertTrue(code == 200 || code == 400 && r.body().contains("bytes of data")
                        || code == 503 && r.body().contains("memory"), code + " " + r.body() + "\n" + server.log);
                served += code == 503 ? 0 : 1;
            }
            assertTrue(served >= 2, "fewer than two of eight were answered\n" + server.log);
            server.assertHealthy(http);
        }
    }

    /**
     * Two connections of 128 gRPC streams each send only the 5-byte prefix of a 16 MiB message (4 GiB declared,
     * 2.6 KB sent). Helidon allocates a message's buffer from its prefix, so before the guard counted messages in the
     * body budget this filled the 320 MB heap (old generation 267 MB, 95 %; RSS 422 MB) and answered nothing; now
     * the budget holds four (74 MiB for bodies) and every other stream is refused RESOURCE_EXHAUSTED at once (old
     * generation 89 MB, RSS 232 MB).
     */
    @Test
    void grpcMessagePrefixesAloneNeverRunTheServeHeapOutOfMemory() throws Exception {
        try (ServeProcess server = ServeProcess.start()) {
            int refused = 0;
            int streams = 0;
            for (int c = 0; c < 2; c++) {
                try (RawGrpcCall raw = new RawGrpcCall(server.base.getPort())) {
                    List<Integer> ids = new ArrayList<>();
                    for (int i = 0; i < 128; i++) {
                        ids.add(raw.open(Map.of(), RawGrpcCall.prefix(0, 16 << 20), false));
                    }
                    raw.await(ids.getLast(), 10_000); // the others' answers, sent before it, are read on the way
                    for (int id : ids) {
                        RawGrpcCall.Outcome o = raw.await(id, 50);
                        streams++;
                        if ("8".equals(o.grpcStatus())) {
                            assertTrue(o.grpcMessage().startsWith("server memory for request bodies is busy"),
                                    o.toString());
                            refused++;
                        }
                    }
                }
            }
            assertEquals(256, streams);
            assertTrue(refused >= 256 - 8, refused + " of 256 refused\n" + server.log);
            server.assertHealthy(http);
        }
    }

    /** A server process with {@code edge serve}'s heap flags, the reference engine and the small model. */
    private static final class ServeProcess implements AutoCloseable {
        final Process process;
        final StringBuffer log = new StringBuffer();
        final Thread reader;
        final URI base;

        private ServeProcess(Process process) throws Exception {
            this.process = process;
            CompletableFuture<URI> ready = new CompletableFuture<>();
            reader = Thread.ofPlatform().daemon().start(() -> read(process, log, ready));
            URI url;
            try {
                url = ready.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                close();
                throw e;
            }
            base = url;
        }

        static ServeProcess start() throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector"));
            command.addAll(SERVE_HEAP);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                    "--host", "127.0.0.1", "--port", "0", "--model", TestModels.mobilenetXml().toString(),
                    "--model-name", "mobilenet", "--engine", "reference"));
            return new ServeProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        /** Readiness answers 200, the process is alive, and it never logged OutOfMemoryError. */
        void assertHealthy(HttpClient http) throws Exception {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/v2/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(process.isAlive(), log.toString());
            assertFalse(log.toString().contains("OutOfMemoryError"), log.toString());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(10_000);
        }
    }

    /** Keeps the child's output, and completes {@code ready} with its URL once its model has loaded. */
    private static void read(Process server, StringBuffer log, CompletableFuture<URI> ready) {
        URI url = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.append(line).append('\n');
                Matcher m = URL.matcher(line);
                if (m.find()) {
                    url = URI.create(m.group(1));
                }
                if (url != null && log.indexOf("mobilenet/1: loaded") >= 0) {
                    ready.complete(url);
                }
            }
        } catch (java.io.IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the server exited before it was ready:\n" + log));
    }

    private CompletableFuture<HttpResponse<String>> post(URI uri, String type, byte[] body) {
        return http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(180)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
