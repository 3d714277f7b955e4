package dev.panamaedge.server.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.server.Engines;
import dev.panamaedge.server.ServerConfig;
import dev.panamaedge.server.ServerMain;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server the way SIGTERM does ({@link ServerMain#close()}, what the shutdown hook runs) while 16
 * grpc-java clients and 16 HTTP/1.1 keep-alive clients send inferences back to back: every request sent gets
 * an answer, either its result or an explicit refusal (503 with {@code Connection: close}, UNAVAILABLE "server
 * is shutting down"), or the client's connection is refused before it sends. A request that is sent and then
 * meets a closed connection, or an error of any other kind, is a loss, and there must be none.
 */
final class GracefulShutdownTest {
    private static final int CLIENTS = 16;

    /** What one client saw: each request sent is counted once as answered, refused or lost. */
    private static final class Tally {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger refusedBeforeSending = new AtomicInteger();
        final ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
    }

    @Test
    void sigtermWithBothProtocolsInFlightLosesNothing() throws Exception {
        Path xml = dev.panamaedge.server.TestModelsAccess.mobilenetXml();
        ServerMain server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0",
                "engine", "reference", "model", xml.toString(), "model-name", "mobilenet", "queue-capacity", "128", "drain-ms", "15000")),
                new Engines(), List::of);
        assertTrue(server.registry().awaitLoaded(120_000));
        String input = server.registry().resolve("mobilenet", Optional.empty()).inputs().getFirst().name();
        byte[] tensor = tensor();
        int port = server.port();
        Tally grpc = new Tally();
        Tally http = new Tally();
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> clients = new ArrayList<>();
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("mobilenet").addInputs(
                ModelInferRequest.InferInputTensor.newBuilder().setName(input).setDatatype("FP32")
                        .addAllShape(List.of(1L, 3L, 96L, 96L))).addRawInputContents(ByteString.copyFrom(tensor)).build();
        for (int i = 0; i < CLIENTS; i++) {
            ManagedChannel channel = channels.get(i % channels.size());
            clients.add(pool.submit(() -> grpcClient(channel, request, grpc)));
            clients.add(pool.submit(() -> httpClient(port, input, tensor, http)));
        }
        // Stop mid-flight, once both protocols are flowing.
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while ((grpc.answered.get() < CLIENTS || http.answered.get() < CLIENTS) && System.nanoTime() < warm) {
            Thread.sleep(100);
        }
        int inFlightAtStop = grpc.sent.get() - grpc.answered.get() + http.sent.get() - http.answered.get();
        long stopStart = System.nanoTime();
        Thread stopper = Thread.ofPlatform().start(server::close);
        for (Future<?> c : clients) {
            c.get(120, TimeUnit.SECONDS);
        }
        stopper.join(60_000);
        long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
        channels.forEach(ManagedChannel::shutdownNow);
        pool.shutdownNow();
        for (Tally t : List.of(grpc, http)) {
            String name = t == grpc ? "gRPC" : "HTTP";
            assertEquals(List.of(), List.copyOf(t.lost), name + " requests lost");
            assertEquals(t.sent.get(), t.answered.get() + t.refused.get(), name + " sent = answered + refused");
            assertTrue(t.answered.get() >= CLIENTS, name + " answered " + t.answered.get());
            assertEquals(CLIENTS, t.refused.get() + t.refusedBeforeSending.get(), name + ": each client ends on a refusal");
        }
        assertTrue(!stopper.isAlive() && stopMillis < 30_000, "stopped in " + stopMillis + " ms");
        assertTrue(inFlightAtStop > 0, "requests were in flight at the stop");
        System.out.printf("%d in flight at the stop; graceful stop in %d ms; gRPC sent %d answered %d refused %d (+%d before sending);"
                        + " HTTP sent %d answered %d refused %d (+%d before sending)%n", inFlightAtStop, stopMillis, grpc.sent.get(),
                grpc.answered.get(), grpc.refused.get(), grpc.refusedBeforeSending.get(), http.sent.get(),
                http.answered.get(), http.refused.get(), http.refusedBeforeSending.get());
    }

    private static void grpcClient(ManagedChannel channel, ModelInferRequest request, Tally t) {
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        while (true) {
            t.sent.incrementAndGet();
            try {
                stub.withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(request);
                t.answered.incrementAndGet();
            } catch (StatusRuntimeException e) {
                Status s = e.getStatus();
                if (s.getCode() == Status.Code.UNAVAILABLE && String.valueOf(s.getDescription()).contains(
                        "shutting down")) {
                    t.refused.incrementAndGet();
                } else if (s.getCode() == Status.Code.UNAVAILABLE && causedBy(e, ConnectException.class)) {
                    // The connection was refused: the call never left the client.
                    t.sent.decrementAndGet();
                    t.refusedBeforeSending.incrementAndGet();
                } else {
                    t.lost.add(s.toString());
                }
                return;
            }
        }
    }

    private static void httpClient(int port, String input, byte[] tensor, Tally t) {
        String json = "{\"inputs\":[{\"name\":\"" + input + "\",\"datatype\":\"FP32\",\"shape\":[1,3,96,96],"
                + "\"parameters\":{\"binary_data_size\":" + tensor.length + "}}]}";
        byte[] head = ("POST /v2/models/mobilenet/infer HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/octet-stream\r\nInference-Header-Content-Length: " + json.length()
                + "\r\nContent-Length: " + (json.length() + tensor.length) + "\r\n\r\n" + json)
                .getBytes(StandardCharsets.ISO_8859_1);
        Socket socket = null;
        try {
            while (true) {
                if (socket == null) {
                    try {
                        socket = new Socket("127.0.0.1", port);
                        socket.setSoTimeout(60_000);
                    } catch (ConnectException e) {
                        t.refusedBeforeSending.incrementAndGet();
                        return;
                    }
                }
                t.sent.incrementAndGet();
                String response;
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head);
                    out.write(tensor);
                    out.flush();
                    response = readResponse(socket.getInputStream());
                } catch (IOException e) {
                    t.lost.add("HTTP: " + e);
                    return;
                }
                if (response.isEmpty()) {
                    t.lost.add("HTTP: connection closed without a reply");
                    return;
                }
                if (response.startsWith("HTTP/1.1 200")) {
                    t.answered.incrementAndGet();
                } else if (response.startsWith("HTTP/1.1 503") && response.contains("shutting down")) {
                    t.refused.incrementAndGet();
                    return;
                } else {
                    t.lost.add("HTTP: " + response.lines().findFirst().orElse(""));
                    return;
                }
                if (response.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n")) {
                    socket.close();
                    socket = null;
                }
            }
        } catch (IOException e) {
            t.lost.add("HTTP: " + e);
        } finally {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing our own socket at the end
            }
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.write(c);
            matched = "\r\n\r\n".charAt(matched) == c ? matched + 1 : c == '\r' ? 1 : 0;
        }
        String h = out.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return "";
        }
        return h + new String(body, StandardCharsets.UTF_8);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] tensor() {
        Random random = new Random(3);
        ByteBuffer b = ByteBuffer.allocate(3 * 96 * 96 * 4).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            b.putFloat((float) random.nextGaussian());
        }
        return b.array();
    }
}
