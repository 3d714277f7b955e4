package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.server.ServerMain;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.stub.StreamObserver;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load generator's own gRPC connection, against the real server (the small model on the reference engine)
 * and, for a lost connection and a deadline, against a peer that speaks just enough HTTP/2 to stay silent.
 */
final class UnaryGrpcConnectionTest {
    private static final String PATH = "/inference.GRPCInferenceService/ModelInfer";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static ServerMain server;
    private static TensorSpec input;

    @BeforeAll
    static void startServer() throws Exception {
        server = SmallModel.serve();
        input = server.registry().resolve("small", Optional.empty()).inputs().getFirst();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A ModelInfer request for {@code model} with {@code bytes} of raw FP32 input in the model's shape. */
    private static byte[] request(String model, int bytes) {
        ModelInferRequest.InferInputTensor.Builder t = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(input.name()).setDatatype("FP32");
        for (long d : input.dims()) {
            t.addShape(d);
        }
        return ModelInferRequest.newBuilder().setModelName(model).addInputs(t)
                .addRawInputContents(ByteString.copyFrom(new byte[bytes])).build().toByteArray();
    }

    private static int inputBytes() {
        long n = 4;
        for (long d : input.dims()) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    private static List<String> statuses(List<CompletableFuture<String>> calls) throws Exception {
        List<String> out = new ArrayList<>();
        for (CompletableFuture<String> c : calls) {
            out.add(c.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void manyCallsAtOnceOverOneConnectionAreAnsweredAndTheirRepliesChecked() throws Exception {
        List<byte[]> replies = new ArrayList<>();
        try (UnaryGrpcConnection c = new UnaryGrpcConnection("127.0.0.1", server.port(), PATH,
                request("small", inputBytes()), reply -> {
                    synchronized (replies) {
                        replies.add(reply);
                    }
                    return LoadClient.check("small", reply);
                }, MINUTE)) {
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                calls.add(c.call());
            }
            assertEquals(List.of("OK"), statuses(calls).stream().distinct().toList());
        }
        assertEquals(24, replies.size());
        // The same input gives the same scores every time.
        for (byte[] r : replies) {
            assertArrayEquals(replies.getFirst(), r);
        }
    }

    @Test
    void aGrpcJavaServerIsCalledAsWell() throws Exception {
        // grpc-java's Netty server indexes and Huffman-codes its reply headers, so the decoder's table has to
        // follow every block in order; every third call is refused, to mix trailers-only replies in.
        AtomicInteger served = new AtomicInteger();
        Server grpcJava = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                    @Override
                    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> replies) {
                        if (served.incrementAndGet() % 3 == 0) {
                            replies.onError(Status.RESOURCE_EXHAUSTED.withDescription("busy").asRuntimeException());
                            return;
                        }
                        replies.onNext(ModelInferResponse.newBuilder().setModelName(request.getModelName())
                                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("scores")
                                        .setDatatype("FP32").addShape(1).addShape(10))
                                .addRawOutputContents(ByteString.copyFrom(new byte[40])).build());
                        replies.onCompleted();
                    }
                }).build().start();
        try (UnaryGrpcConnection c = new UnaryGrpcConnection("127.0.0.1", grpcJava.getPort(), PATH,
                request("small", inputBytes()), reply -> LoadClient.check("small", reply), MINUTE)) {
            List<String> got = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                List<CompletableFuture<String>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    calls.add(c.call());
                }
                got.addAll(statuses(calls));
            }
            assertEquals(16, got.stream().filter("OK"::equals).count(), got.toString());
            assertEquals(8, got.stream().filter("RESOURCE_EXHAUSTED"::equals).count(), got.toString());
        } finally {
            grpcJava.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theServersErrorsArriveAsTheirGrpcCodes() throws Exception {
        try (UnaryGrpcConnection unknown = new UnaryGrpcConnection("127.0.0.1", server.port(), PATH,
                request("no-such-model", inputBytes()), reply -> "OK", MINUTE);
             UnaryGrpcConnection shortInput = new UnaryGrpcConnection("127.0.0.1", server.port(), PATH,
                     request("small", 12), reply -> "OK", MINUTE)) {
            assertEquals(List.of("NOT_FOUND", "NOT_FOUND"), statuses(List.of(unknown.call(), unknown.call())));
            assertEquals(List.of("INVALID_ARGUMENT"), statuses(List.of(shortInput.call())));
        }
    }

    @Test
    void messagesBeyondTheFlowControlWindowsAreSentWhole() throws Exception {
        // 3 MB per call, three at once: three times the server's 1 MB windows, so the connection has to wait for
        // the server's WINDOW_UPDATEs. The server reads every byte and then refuses the input's size.
        try (UnaryGrpcConnection c = new UnaryGrpcConnection("127.0.0.1", server.port(), PATH,
                request("small", 3 << 20), reply -> "OK", MINUTE)) {
            assertEquals(List.of("INVALID_ARGUMENT", "INVALID_ARGUMENT", "INVALID_ARGUMENT"),
                    statuses(List.of(c.call(), c.call(), c.call())));
        }
    }

    @Test
    void aLostConnectionFailsItsOpenCallsAndEveryLaterOneAtOnce() throws Exception {
        try (SilentPeer peer = new SilentPeer();
             UnaryGrpcConnection c = new UnaryGrpcConnection("127.0.0.1", peer.port(), PATH, new byte[100],
                     reply -> "OK", MINUTE)) {
            CompletableFuture<String> open = c.call();
            peer.awaitFrame(0x1); // the call's HEADERS
            peer.close();
            assertEquals("UNAVAILABLE", open.get(30, TimeUnit.SECONDS));
            CompletableFuture<String> later = c.call();
            assertTrue(later.isDone());
            assertEquals("UNAVAILABLE", later.join());
        }
    }

    @Test
    void aCallPastItsDeadlineEndsAndItsStreamIsCancelled() throws Exception {
        try (SilentPeer peer = new SilentPeer();
             UnaryGrpcConnection c = new UnaryGrpcConnection("127.0.0.1", peer.port(), PATH, new byte[100],
                     reply -> "OK", Duration.ofMillis(100))) {
            assertEquals("DEADLINE_EXCEEDED", c.call().get(30, TimeUnit.SECONDS));
            int[] reset = peer.awaitFrame(0x3);
            assertEquals(1, reset[1], "stream id");
            assertEquals(0x8, reset[2], "error code CANCEL");
        }
    }

    @Test
    void theHeaderBlockDecodesToTheCallsHeaders() throws Exception {
        byte[] block = UnaryGrpcConnection.headerBlock(PATH, "127.0.0.1:8080", Duration.ofSeconds(60));
        Http2Headers h = new DefaultHttp2HeadersDecoder(true).decodeHeaders(1, Unpooled.wrappedBuffer(block));
        assertEquals("POST", h.method().toString());
        assertEquals("http", h.scheme().toString());
        assertEquals(PATH, h.path().toString());
        assertEquals("127.0.0.1:8080", h.authority().toString());
        assertEquals("application/grpc", h.get("content-type").toString());
        assertEquals("trailers", h.get("te").toString());
        assertEquals("60000m", h.get("grpc-timeout").toString());
        // A path longer than HPACK's 7-bit length prefix takes the multi-byte length form.
        String longPath = "/" + "x".repeat(300);
        assertEquals(longPath, new DefaultHttp2HeadersDecoder(true).decodeHeaders(1, Unpooled.wrappedBuffer(
                UnaryGrpcConnection.headerBlock(longPath, "h:1", MINUTE))).path().toString());
    }

    @Test
    void statusesWithoutGrpcStatusMapAsGrpcJavaMapsThem() {
        assertEquals("UNIMPLEMENTED", UnaryGrpcConnection.httpStatusCode(404));
        assertEquals("UNAVAILABLE", UnaryGrpcConnection.httpStatusCode(503));
        assertEquals("UNKNOWN", UnaryGrpcConnection.httpStatusCode(200));
        assertEquals("CANCELLED", UnaryGrpcConnection.resetCode(0x8));
        assertEquals("UNAVAILABLE", UnaryGrpcConnection.resetCode(0x7));
        assertEquals("INTERNAL", UnaryGrpcConnection.resetCode(0x2));
    }

    @Test
    void callsBeyondTheServersStreamLimitWaitForAnOpenOneToEnd() throws Exception {
        byte[] oneStream = {0, 0x3, 0, 0, 0, 1}; // SETTINGS_MAX_CONCURRENT_STREAMS = 1
        try (SilentPeer peer = new SilentPeer(oneStream);
             UnaryGrpcConnection c = new UnaryGrpcConnection("127.0.0.1", peer.port(), PATH, new byte[100],
                     reply -> "OK", MINUTE)) {
            peer.awaitFrame(0x4, 0x1); // the client acknowledged the limit
            CompletableFuture<String> first = c.call();
            CompletableFuture<String> second = c.call();
            assertEquals(1, peer.awaitFrame(0x1, 0)[1]);
            assertEquals(1, peer.awaitFrame(0x0, 0x1)[1]); // the first call's last DATA frame
            // Unheld, the second call's HEADERS would have left in the same write as the first call's DATA.
            assertEquals(null, peer.frames.poll(300, TimeUnit.MILLISECONDS));
            peer.answerNotFound(1);
            assertEquals("NOT_FOUND", first.get(30, TimeUnit.SECONDS));
            assertEquals(3, peer.awaitFrame(0x1, 0)[1]);
            peer.answerNotFound(3);
            assertEquals("NOT_FOUND", second.get(30, TimeUnit.SECONDS));
        }
    }

    /**
     * Accepts one connection, answers the preface with SETTINGS and then only listens (and answers when told),
     * recording each frame's type, stream, (for RST_STREAM) error code and flags.
     */
    private static final class SilentPeer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final BlockingQueue<int[]> frames = new LinkedBlockingQueue<>();
        private final byte[] settings;
        private final Thread thread;
        private volatile Socket socket;

        SilentPeer() throws IOException {
            this(new byte[0]);
        }

        /** @param settings the SETTINGS frame's payload */
        SilentPeer(byte[] settings) throws IOException {
            this.settings = settings;
            thread = Thread.ofPlatform().daemon().start(this::serve);
        }

        /** Ends {@code stream} with trailers only: :status 200 (static index 8), grpc-status 5 (NOT_FOUND). */
        void answerNotFound(int stream) throws IOException {
            byte[] block = {(byte) 0x88, 0, 11, 'g', 'r', 'p', 'c', '-', 's', 't', 'a', 't', 'u', 's', 1, '5'};
            ByteBuffer f = ByteBuffer.allocate(9 + block.length);
            f.put((byte) 0).putShort((short) block.length).put((byte) 0x1).put((byte) 0x5).putInt(stream).put(block);
            OutputStream out = socket.getOutputStream();
            synchronized (this) {
                out.write(f.array());
                out.flush();
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            try {
                socket = listener.accept();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                in.readFully(new byte[24]); // the client preface
                OutputStream out = socket.getOutputStream();
                synchronized (this) {
                    out.write(new byte[] {0, 0, (byte) settings.length, 0x4, 0, 0, 0, 0, 0});
                    out.write(settings);
                    out.flush();
                }
                while (true) {
                    int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
                    int type = in.readUnsignedByte();
                    int flags = in.readUnsignedByte();
                    int stream = in.readInt() & 0x7fffffff;
                    byte[] payload = new byte[length];
                    in.readFully(payload);
                    int code = type == 0x3 ? ByteBuffer.wrap(payload).getInt() : -1;
                    frames.add(new int[] {type, stream, code, flags});
                }
            } catch (IOException e) {
                // closed
            }
        }

        /** The next frame of {@code type} the client sent: type, stream id, error code, flags. */
        int[] awaitFrame(int type) throws InterruptedException {
            return awaitFrame(type, 0);
        }

        /** The next frame of {@code type} with all of {@code flags} set; frames before it are passed over. */
        int[] awaitFrame(int type, int flags) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                int[] f = frames.poll(100, TimeUnit.MILLISECONDS);
                if (f != null && f[0] == type && (f[3] & flags) == flags) {
                    return f;
                }
            }
            throw new AssertionError("no frame of type " + type + " with flags " + flags);
        }

        @Override
        public void close() throws IOException {
            Socket s = socket;
            if (s != null) {
                s.close();
            }
            listener.close();
        }
    }
}
