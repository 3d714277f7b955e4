package dev.panamaedge.tools.cli;

import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One HTTP/2 connection that makes the same unary gRPC call again and again: the header block and the
 * length-prefixed message are encoded once, so a call costs a few frame headers and one gathering socket write,
 * and one reader thread decodes the replies (HPACK through grpc-java's own decoder) and checks each message.
 *
 * <p>Why not a grpc-java channel: the load generator shares the cores with the server it measures, and on this
 * project's 2-core box grpc-java's Netty pipeline took 0.32 ms of user CPU per 150 KB call, about half of what
 * the server itself spends outside OpenVINO; this connection takes 0.10 ms. The protocol on the wire is the
 * same, and the server's own tests drive it with grpc-java and grpcio.
 *
 * <p>Every call ends: with the reply's grpc-status name ("OK" replaced by what {@code checkReply} says of the
 * message), with the code grpc-java would give for an HTTP status, a reset stream or a lost connection
 * ({@code UNAVAILABLE}), or with {@code DEADLINE_EXCEEDED} after {@code deadline}. A call made after the
 * connection was lost or the server sent GOAWAY answers {@code UNAVAILABLE} at once; opening a new
 * connection then is up to {@link GrpcConnections}. Calls beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS
 * wait, in order, for an open one to end, as grpc-java's do. Completions run on the reader thread and must not
 * block.
 */
final class UnaryGrpcConnection implements AutoCloseable {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PUSH_PROMISE = 0x5,
            PING = 0x6, GOAWAY = 0x7, WINDOW_UPDATE = 0x8, CONTINUATION = 0x9;
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY = 0x20;
    private static final int SETTING_ENABLE_PUSH = 0x2, SETTING_INITIAL_WINDOW_SIZE = 0x4,
            SETTING_MAX_FRAME_SIZE = 0x5, SETTING_MAX_CONCURRENT_STREAMS = 0x3;
    /** RST_STREAM's error code for a stream the client gave up on. */
    private static final int CANCEL = 0x8;
    private static final int DEFAULT_WINDOW = 65_535;
    /** Our receive windows: replies are small, so the connection's is topped up only after a gigabyte. */
    private static final int RECEIVE_WINDOW = Integer.MAX_VALUE;
    private static final int MAX_FRAME = 1 << 24;

    private final SocketChannel channel;
    private final byte[] headerBlock;
    private final ByteBuffer message;
    private final Function<byte[], String> checkReply;
    private final long deadlineNanos;
    /** Trailers may carry a long grpc-message; a block the decoder refused would take the connection with it. */
    private final DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(false, 1 << 20);
    private final Thread reader;
    private final Thread sweeper;

    /** Guards everything below, and every write to the socket. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, Call> calls = new HashMap<>();
    private final ArrayDeque<Call> unsent = new ArrayDeque<>();
    private int nextStreamId = 1;
    private long sendWindow = DEFAULT_WINDOW;
    private int peerInitialWindow = DEFAULT_WINDOW;
    private int peerMaxFrame = 16_384;
    private long peerMaxStreams = Long.MAX_VALUE;
    /** Calls whose HEADERS went out and that have not ended: the streams the server counts as open. */
    private int open;
    private long received;
    private String closedStatus;

    private static final class Call {
        final CompletableFuture<String> done = new CompletableFuture<>();
        final long deadline;
        int streamId;
        boolean headersSent;
        long window;
        int sent;
        ByteArrayOutputStream reply;

        Call(long deadline) {
            this.deadline = deadline;
        }
    }

    /**
     * Connects and exchanges settings with the server.
     *
     * @param path       the method's path, {@code /package.Service/Method}
     * @param message    the request message, serialised (without gRPC's 5-byte prefix)
     * @param checkReply what a reply with grpc-status 0 counts as, given its message (without the prefix)
     */
    UnaryGrpcConnection(String host, int port, String path, byte[] message, Function<byte[], String> checkReply,
                        Duration deadline) throws IOException {
        this.headerBlock = headerBlock(path, host + ":" + port, deadline);
        this.message = ByteBuffer.allocateDirect(5 + message.length);
        this.message.put((byte) 0).putInt(message.length).put(message).flip();
        this.checkReply = checkReply;
        this.deadlineNanos = deadline.toNanos();
        this.channel = SocketChannel.open(new InetSocketAddress(host, port));
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer hello = ByteBuffer.allocate(PREFACE.length + 9 + 12 + 13);
            hello.put(PREFACE);
            frameHeader(hello, 12, SETTINGS, 0, 0);
            hello.putShort((short) SETTING_ENABLE_PUSH).putInt(0);
            hello.putShort((short) SETTING_INITIAL_WINDOW_SIZE).putInt(RECEIVE_WINDOW);
            frameHeader(hello, 4, WINDOW_UPDATE, 0, 0);
            hello.putInt(RECEIVE_WINDOW - DEFAULT_WINDOW);
            writeFully(hello.flip());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.reader = Thread.ofPlatform().daemon().name("grpc-reader-" + port).start(this::readLoop);
        this.sweeper = Thread.ofPlatform().daemon().name("grpc-deadlines-" + port).start(this::sweepLoop);
    }

    /** Starts one call; the future never completes exceptionally. */
    CompletableFuture<String> call() {
        Call call = new Call(System.nanoTime() + deadlineNanos);
        lock.lock();
        try {
            if (closedStatus != null) {
                call.done.complete(closedStatus);
                return call.done;
            }
            if (nextStreamId < 0) { // 2^30 calls made: stream ids are spent
                call.done.complete(Status.Code.UNAVAILABLE.name());
                return call.done;
            }
            call.streamId = nextStreamId;
            nextStreamId += 2;
            call.window = peerInitialWindow;
            calls.put(call.streamId, call);
            unsent.add(call);
            sendData();
        } catch (IOException e) {
            lost();
        } finally {
            lock.unlock();
        }
        return call.done;
    }

    /**
     * Sends each waiting call, in order, as far as the server's stream limit and flow-control windows allow; a call
     * beyond the limit waits for another to end, as grpc-java's do. Under lock.
     */
    private void sendData() throws IOException {
        List<ByteBuffer> out = new ArrayList<>();
        while (!unsent.isEmpty()) {
            Call call = unsent.peek();
            int total = message.limit();
            if (!call.headersSent) { // HEADERS are not flow-controlled; they go with the first DATA frames
                if (open >= peerMaxStreams) {
                    write(out);
                    return; // the end of an open call resumes it
                }
                open++;
                out.add(frame(HEADERS, END_HEADERS, call.streamId, headerBlock));
                call.headersSent = true;
            }
            while (call.sent < total) {
                int n = (int) Math.min(Math.min(peerMaxFrame, total - call.sent), Math.min(sendWindow, call.window));
                if (n <= 0) {
                    write(out);
                    return; // a WINDOW_UPDATE resumes it
                }
                ByteBuffer header = ByteBuffer.allocate(9);
                frameHeader(header, n, DATA, call.sent + n == total ? END_STREAM : 0, call.streamId);
                out.add(header.flip());
                out.add(message.slice(call.sent, n));
                call.sent += n;
                call.window -= n;
                sendWindow -= n;
            }
            unsent.poll();
        }
        write(out);
    }

    private void write(List<ByteBuffer> buffers) throws IOException {
        ByteBuffer[] all = buffers.toArray(ByteBuffer[]::new);
        buffers.clear();
        long left = 0;
        for (ByteBuffer b : all) {
            left += b.remaining();
        }
        while (left > 0) {
            left -= channel.write(all);
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    private void readLoop() {
        ByteBuffer in = ByteBuffer.allocate(1 << 17);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        int blockStream = 0;
        boolean blockEnds = false;
        try {
            while (true) {
                if (channel.read(in) < 0) {
                    throw new EOFException("server closed the connection");
                }
                in.flip();
                while (in.remaining() >= 9) {
                    int length = (in.getShort(in.position()) & 0xffff) << 8 | in.get(in.position() + 2) & 0xff;
                    if (length > MAX_FRAME) {
                        throw new IOException("frame of " + length + " bytes");
                    }
                    if (in.remaining() < 9 + length) {
                        if (in.capacity() < 9 + length) {
                            in = ByteBuffer.allocate(9 + length).put(in);
                            in.flip();
                        }
                        break;
                    }
                    int type = in.get(in.position() + 3) & 0xff;
                    int flags = in.get(in.position() + 4) & 0xff;
                    int stream = in.getInt(in.position() + 5) & 0x7fffffff;
                    byte[] payload = new byte[length];
                    in.position(in.position() + 9).get(payload);
                    switch (type) {
                        case DATA -> data(stream, flags, payload);
                        case HEADERS, CONTINUATION -> {
                            if (type == HEADERS) {
                                block.reset();
                                blockStream = stream;
                                blockEnds = (flags & END_STREAM) != 0;
                                payload = unpad(flags, payload, (flags & PRIORITY) != 0 ? 5 : 0);
                            }
                            block.write(payload);
                            if ((flags & END_HEADERS) != 0) {
                                headers(blockStream, blockEnds, block.toByteArray());
                            }
                        }
                        case RST_STREAM -> reset(stream, payload);
                        case SETTINGS -> settings(flags, payload);
                        case PING -> ping(flags, payload);
                        case GOAWAY -> goAway(payload);
                        case WINDOW_UPDATE -> windowUpdate(stream, payload);
                        case PUSH_PROMISE -> throw new IOException("server pushed though push is disabled");
                        default -> { } // unknown frame types are ignored (RFC 9113 §4.1)
                    }
                }
                in.compact();
            }
        } catch (IOException | Http2Exception | RuntimeException e) { // the connection is unusable: fail its calls
            lock.lock();
            try {
                lost();
            } finally {
                lock.unlock();
            }
        }
    }

    private void data(int stream, int flags, byte[] payload) throws IOException {
        byte[] body = unpad(flags, payload, 0);
        Call call;
        lock.lock();
        try {
            received += payload.length;
            if (received > RECEIVE_WINDOW / 2) { // give the connection's receive window back
                writeFully(frame(WINDOW_UPDATE, 0, 0, int32((int) received)));
                received = 0;
            }
            call = calls.get(stream);
        } finally {
            lock.unlock();
        }
        if (call != null) {
            if (call.reply == null) {
                call.reply = new ByteArrayOutputStream(body.length);
            }
            call.reply.write(body);
        }
        if ((flags & END_STREAM) != 0) { // a reply must end with trailers
            finish(stream, Status.Code.INTERNAL.name());
        }
    }

    private void headers(int stream, boolean endsStream, byte[] block) throws Http2Exception {
        Http2Headers h = hpack.decodeHeaders(stream, Unpooled.wrappedBuffer(block)); // in order: HPACK has state
        if (!endsStream) {
            return; // the reply's leading headers; its status comes in the trailers
        }
        CharSequence grpcStatus = h.get("grpc-status");
        if (grpcStatus == null) {
            CharSequence http = h.status();
            finish(stream, httpStatusCode(http == null ? 0 : parseOr(http, 0)));
            return;
        }
        int code = parseOr(grpcStatus, Status.Code.UNKNOWN.value());
        if (code != Status.Code.OK.value()) {
            finish(stream, Status.fromCodeValue(code).getCode().name());
            return;
        }
        Call call = remove(stream);
        if (call != null) {
            call.done.complete(checked(call.reply == null ? new byte[0] : call.reply.toByteArray()));
        }
    }

    /** What a reply's body holds: one uncompressed length-prefixed message, checked; anything else is bad. */
    private String checked(byte[] body) {
        if (body.length < 5 || body[0] != 0
                || ByteBuffer.wrap(body, 1, 4).getInt() != body.length - 5) {
            return LoadClient.BAD_REPLY;
        }
        try {
            byte[] reply = new byte[body.length - 5];
            System.arraycopy(body, 5, reply, 0, reply.length);
            return checkReply.apply(reply);
        } catch (RuntimeException e) {
            return "CLIENT_" + e.getClass().getSimpleName();
        }
    }

    /** The code grpc-java gives a reply with this HTTP status and no grpc-status. */
    static String httpStatusCode(int http) {
        return switch (http) {
            case 400 -> Status.Code.INTERNAL.name();
            case 401 -> Status.Code.UNAUTHENTICATED.name();
            case 403 -> Status.Code.PERMISSION_DENIED.name();
            case 404 -> Status.Code.UNIMPLEMENTED.name();
            case 429, 502, 503, 504 -> Status.Code.UNAVAILABLE.name();
            default -> Status.Code.UNKNOWN.name();
        };
    }

    /** The code grpc-java gives a stream the server reset (RFC 9113 error codes). */
    static String resetCode(int error) {
        return switch (error) {
            case 0x7 -> Status.Code.UNAVAILABLE.name();        // REFUSED_STREAM
            case CANCEL -> Status.Code.CANCELLED.name();
            case 0xb -> Status.Code.RESOURCE_EXHAUSTED.name(); // ENHANCE_YOUR_CALM
            case 0xc -> Status.Code.PERMISSION_DENIED.name();  // INADEQUATE_SECURITY
            default -> Status.Code.INTERNAL.name();
        };
    }

    private void reset(int stream, byte[] payload) {
        finish(stream, resetCode(payload.length == 4 ? ByteBuffer.wrap(payload).getInt() : -1));
    }

    private void settings(int flags, byte[] payload) throws IOException {
        if ((flags & ACK) != 0) {
            return;
        }
        lock.lock();
        try {
            ByteBuffer s = ByteBuffer.wrap(payload);
            while (s.remaining() >= 6) {
                int id = s.getShort() & 0xffff;
                int value = s.getInt();
                if (id == SETTING_INITIAL_WINDOW_SIZE) {
                    int delta = value - peerInitialWindow; // applies to the streams already open (RFC 9113 §6.9.2)
                    calls.values().forEach(c -> c.window += delta);
                    peerInitialWindow = value;
                } else if (id == SETTING_MAX_FRAME_SIZE) {
                    peerMaxFrame = value;
                } else if (id == SETTING_MAX_CONCURRENT_STREAMS) {
                    peerMaxStreams = Integer.toUnsignedLong(value);
                }
            }
            writeFully(frame(SETTINGS, ACK, 0, new byte[0]));
            sendData();
        } finally {
            lock.unlock();
        }
    }

    private void ping(int flags, byte[] payload) throws IOException {
        if ((flags & ACK) != 0 || payload.length != 8) {
            return;
        }
        lock.lock();
        try {
            writeFully(frame(PING, ACK, 0, payload));
        } finally {
            lock.unlock();
        }
    }

    /** Calls the server will not process fail; so will every call after this. */
    private void goAway(byte[] payload) {
        int last = ByteBuffer.wrap(payload).getInt() & 0x7fffffff;
        List<Call> dropped = new ArrayList<>();
        lock.lock();
        try {
            closedStatus = Status.Code.UNAVAILABLE.name();
            calls.values().removeIf(c -> {
                if (c.streamId > last) {
                    dropped.add(c);
                    return true;
                }
                return false;
            });
            dropped.forEach(this::ended);
        } finally {
            lock.unlock();
        }
        dropped.forEach(c -> c.done.complete(Status.Code.UNAVAILABLE.name()));
    }

    private void windowUpdate(int stream, byte[] payload) throws IOException {
        int increment = ByteBuffer.wrap(payload).getInt() & 0x7fffffff;
        lock.lock();
        try {
            if (stream == 0) {
                sendWindow += increment;
            } else {
                Call call = calls.get(stream);
                if (call != null) {
                    call.window += increment;
                }
            }
            sendData();
        } finally {
            lock.unlock();
        }
    }

    private void finish(int stream, String status) {
        Call call = remove(stream);
        if (call != null) {
            call.done.complete(status);
        }
    }

    private Call remove(int stream) {
        lock.lock();
        try {
            Call call = calls.remove(stream);
            if (call != null) {
                ended(call);
                try {
                    sendData();
                } catch (IOException e) {
                    lost(); // fails the calls still waiting; this one has its answer
                }
            }
            return call;
        } finally {
            lock.unlock();
        }
    }

    /** A call left {@link #calls}: it no longer waits to be sent, nor counts as open. Under lock. */
    private void ended(Call call) {
        unsent.remove(call);
        if (call.headersSent) {
            open--;
        }
    }

    /** Fails every open call and every later one. Under lock. */
    private void lost() {
        closedStatus = Status.Code.UNAVAILABLE.name();
        List<Call> failed = new ArrayList<>(calls.values());
        calls.clear();
        unsent.clear();
        open = 0;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that is left to do with it
        }
        failed.forEach(c -> c.done.complete(closedStatus));
    }

    /** Once a second: calls past their deadline end, and their streams are cancelled at the server. */
    private void sweepLoop() {
        try {
            while (channel.isOpen()) {
                TimeUnit.SECONDS.sleep(1);
                long now = System.nanoTime();
                List<Call> expired = new ArrayList<>();
                lock.lock();
                try {
                    for (Call c : calls.values()) {
                        if (now - c.deadline > 0) {
                            expired.add(c);
                        }
                    }
                    for (Call c : expired) {
                        calls.remove(c.streamId);
                        ended(c);
                        if (c.headersSent) { // a stream never opened must not be reset (RFC 9113 §5.1)
                            writeFully(frame(RST_STREAM, 0, c.streamId, int32(CANCEL)));
                        }
                    }
                    sendData();
                } catch (IOException e) {
                    lost();
                } finally {
                    lock.unlock();
                }
                expired.forEach(c -> c.done.complete(Status.Code.DEADLINE_EXCEEDED.name()));
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** False once the connection was lost or the server sent GOAWAY: every call from then on fails at once. */
    boolean acceptsCalls() {
        lock.lock();
        try {
            return closedStatus == null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the socket is closed: lost, closed, or ended by the server after GOAWAY. */
    boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            lost();
        } finally {
            lock.unlock();
        }
        reader.interrupt();
        sweeper.interrupt();
        try {
            reader.join(Duration.ofSeconds(10));
            sweeper.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] unpad(int flags, byte[] payload, int skip) throws IOException {
        if ((flags & PADDED) == 0 && skip == 0) {
            return payload;
        }
        int pad = (flags & PADDED) != 0 ? payload[0] & 0xff : 0;
        int from = ((flags & PADDED) != 0 ? 1 : 0) + skip;
        if (from + pad > payload.length) {
            throw new IOException("padding longer than its frame");
        }
        byte[] body = new byte[payload.length - from - pad];
        System.arraycopy(payload, from, body, 0, body.length);
        return body;
    }

    /** One whole frame, ready to write. */
    private static ByteBuffer frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        frameHeader(b, payload.length, type, flags, stream);
        return b.put(payload).flip();
    }

    private static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static void frameHeader(ByteBuffer b, int length, int type, int flags, int stream) {
        b.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length).put((byte) type)
                .put((byte) flags).putInt(stream);
    }

    private static int parseOr(CharSequence s, int otherwise) {
        try {
            return Integer.parseInt(s.toString().trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * The request's header block, HPACK without the dynamic table (the same bytes for every call): POST and
     * http from the static table, the other fields as literals that are never indexed.
     */
    static byte[] headerBlock(String path, String authority, Duration deadline) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x83); // :method POST
        b.write(0x86); // :scheme http
        literal(b, 4, null, path);
        literal(b, 1, null, authority);
        literal(b, 31, null, "application/grpc");
        literal(b, 0, "te", "trailers");
        literal(b, 0, "grpc-timeout", Math.max(1, deadline.toMillis()) + "m");
        return b.toByteArray();
    }

    /** A literal field without indexing: a static-table name index, or 0 and the name itself (RFC 7541 §6.2.2). */
    private static void literal(ByteArrayOutputStream b, int nameIndex, String name, String value) {
        integer(b, 0x00, 4, nameIndex);
        if (nameIndex == 0) {
            string(b, name);
        }
        string(b, value);
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        integer(b, 0x00, 7, bytes.length);
        b.writeBytes(bytes);
    }

    /** RFC 7541 §5.1: an integer with an N-bit prefix after {@code first}'s high bits. */
    private static void integer(ByteArrayOutputStream b, int first, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            b.write(first | value);
            return;
        }
        b.write(first | max);
        value -= max;
        while (value >= 128) {
            b.write(value & 0x7f | 0x80);
            value >>>= 7;
        }
        b.write(value);
    }
}
