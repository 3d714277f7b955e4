package dev.panamaedge.server.grpc;

import dev.panamaedge.server.MemoryBudget;
import dev.panamaedge.server.PayloadTooLargeException;
import dev.panamaedge.server.QueueFullException;
import dev.panamaedge.server.connection.ConnectionEnd;
import io.grpc.Status;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import io.helidon.http.http2.Http2ErrorCode;
import io.helidon.http.http2.Http2Flag;
import io.helidon.http.http2.Http2FrameHeader;
import io.helidon.http.http2.Http2FrameTypes;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2RstStream;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.http.http2.Http2StreamWriter;
import io.helidon.http.http2.Http2WindowUpdate;
import io.helidon.http.http2.StreamFlowControl;
import io.helidon.webserver.http2.spi.Http2SubProtocolSelector.SubProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A workaround for Helidon 4.5.0's gRPC stream handler, which catches every failure to read a request message
 * (bytes protobuf cannot parse, a compressed flag without {@code grpc-encoding}, a length over its buffer cap),
 * logs it and answers nothing: the client waits for its deadline. A length prefix of 2 GiB or more it reads
 * as a negative int and waits for the body. This wrapper around Helidon's handler answers each of these at
 * once with a trailers-only response and resets Helidon's side of the stream (its listener hears onCancel):
 *
 * <ul>
 *   <li>from each message's 5-byte prefix, before Helidon buffers anything: a flag other than 0 or 1, or 1
 *       without a declared encoding, INTERNAL (what grpc-java's own server answers; the gRPC spec says the
 *       flag must be 0 without {@code grpc-encoding}); a length over {@code maxMessageBytes},
 *       RESOURCE_EXHAUSTED naming both sizes, without waiting for the body;</li>
 *   <li>after Helidon's parse failed: {@link AliasingMarshaller} records the failure on this thread (Helidon
 *       parses inside {@link #data}, on the caller's thread) and the guard answers INVALID_ARGUMENT with it.</li>
 * </ul>
 *
 * <p>Memory: Helidon allocates a message's whole buffer as soon as it has read the prefix, so a client sending
 * only prefixes (5 bytes per stream, 16 MiB declared each, 2.6 KB in all over two connections) filled a 320 MB
 * heap. Each message is therefore reserved from the request bodies' {@link MemoryBudget} at its prefix, without
 * waiting (the stream's thread must keep taking its frames, or the connection's reader blocks on its queue): when
 * the budget cannot hold it now, RESOURCE_EXHAUSTED at once. The share is given back once the message has arrived
 * whole and Helidon has parsed it, when the client resets the stream, or when the message has not arrived within
 * the body read timeout, which is answered DEADLINE_EXCEEDED. Helidon does not tell a stream that its connection
 * closed, nor end its thread's wait for frames: {@link #connectionEnded} and {@link #scheduleReap} do.
 *
 * Once Helidon's own handler has answered (e.g. {@link UncompressedRequestsOnly}), the guard only passes data
 * on. Remove it when Helidon answers these itself; {@code GrpcWireFailuresTest} and {@code GrpcMessageBudgetTest}
 * show what the client gets.
 */
final class GrpcStreamGuard implements SubProtocolHandler, ConnectionEnd.Listener {
    private static final ThreadLocal<Status> UNDECODABLE = new ThreadLocal<>();
    private static final HeaderName GRPC_ENCODING = HeaderNames.create("grpc-encoding");
    private static final HeaderName GRPC_STATUS = HeaderNames.create("grpc-status");
    private static final HeaderName GRPC_MESSAGE = HeaderNames.create("grpc-message");
    private static final int PREFIX_BYTES = 5;
    /**
     * One daemon thread for every message's read deadline; its tasks only start a virtual thread that answers. A
     * cancelled deadline leaves the queue at once: it holds the stream, and Helidon's buffer with it.
     */
    private static final ScheduledExecutorService DEADLINES = deadlines();

    private final SubProtocolHandler helidon;
    private final Http2StreamWriter writer;
    private final int streamId;
    private final StreamFlowControl flowControl;
    private final long maxMessageBytes;
    private final boolean encodingDeclared;
    private final MemoryBudget messageBudget;
    private final long messageTimeoutMillis;

    // Message framing, across DATA frames (which Helidon delivers one at a time, in order, for this stream).
    private int prefixRead;
    private int flag;
    private long length;
    private long bodyLeft;
    // The message arriving now, reserved from the budget; guarded by this (the timeout runs on another thread).
    private MemoryBudget.Lease messageLease;
    private ScheduledFuture<?> messageDeadline;

    /** The stream's own thread, which Helidon runs {@link #init} and {@link #data} on. */
    private volatile Thread streamThread;
    private volatile long lastFrameNanos = System.nanoTime();
    private volatile boolean answered;
    private volatile boolean clientEnded;
    private volatile boolean connectionGone;

    GrpcStreamGuard(SubProtocolHandler helidon, Http2Headers headers, Http2StreamWriter writer, int streamId,
                    StreamFlowControl flowControl, long maxMessageBytes, MemoryBudget messageBudget,
                    long messageTimeoutMillis) {
        this.helidon = helidon;
        this.writer = writer;
        this.streamId = streamId;
        this.flowControl = flowControl;
        this.maxMessageBytes = maxMessageBytes;
        this.messageBudget = messageBudget;
        this.messageTimeoutMillis = messageTimeoutMillis;
        this.encodingDeclared = headers.httpHeaders().contains(GRPC_ENCODING)
                && !headers.httpHeaders().get(GRPC_ENCODING).get().equals("identity");
    }

    private static ScheduledExecutorService deadlines() {
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "edge-grpc-message-timeout");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true);
        return deadlines;
    }

    /** Called by {@link AliasingMarshaller} when a message does not parse, just before it throws to Helidon. */
    static void undecodable(Status status) {
        UNDECODABLE.set(status);
    }

    @Override
    public void init() {
        streamThread = Thread.currentThread();
        helidon.init();
    }

    @Override
    public Http2StreamState streamState() {
        if (answered) {
            return clientEnded ? Http2StreamState.CLOSED : Http2StreamState.HALF_CLOSED_LOCAL;
        }
        return helidon.streamState();
    }

    @Override
    public void rstStream(Http2RstStream rstStream) {
        synchronized (this) {
            clientEnded = true;
            messageArrived();
        }
        helidon.rstStream(rstStream);
    }

    @Override
    public void windowUpdate(Http2WindowUpdate update) {
        helidon.windowUpdate(update);
    }

    @Override
    public synchronized void data(Http2FrameHeader header, BufferData data) {
        streamThread = Thread.currentThread();
        lastFrameNanos = System.nanoTime();
        try {
            guardedData(header, data);
        } finally {
            if (connectionGone) {
                // the interrupt of connectionEnded() may have been taken by the call's own wait: Helidon's next
                // wait for a frame must still see it and end the stream's loop
                Thread.currentThread().interrupt();
            }
        }
    }

    private void guardedData(Http2FrameHeader header, BufferData data) {
        boolean end = header.flags(Http2FrameTypes.DATA).endOfStream();
        clientEnded |= end;
        if (answered) {
            clientEnded |= end;
            return; // what the client still sends of a refused request is dropped, as after any final status
        }
        if (!helidonAnswered()) {
            Optional<Status> refused = scan(data);
            if (refused.isPresent()) {
                answer(refused.get(), end);
                return;
            }
        } else {
            messageArrived(); // nothing more is read for a call Helidon has ended
        }
        UNDECODABLE.remove();
        try {
            helidon.data(header, data);
        } finally {
            if (bodyLeft == 0 && prefixRead == 0) {
                messageArrived(); // whole, and parsed by Helidon inside data()
            }
            Status undecodable = UNDECODABLE.get();
            UNDECODABLE.remove();
            if (undecodable != null && !answered) {
                answer(undecodable, end);
            }
        }
    }

    /** Walks the message prefixes in {@code data} without consuming it; the first bad one is refused. */
    private Optional<Status> scan(BufferData data) {
        int available = data.available();
        int i = 0;
        while (i < available) {
            if (bodyLeft > 0) {
                int skip = (int) Math.min(bodyLeft, available - i);
                i += skip;
                bodyLeft -= skip;
                continue;
            }
            int b = data.get(i++) & 0xff;
            if (prefixRead == 0) {
                flag = b;
                length = 0;
            } else {
                length = (length << 8) | b;
            }
            if (++prefixRead < PREFIX_BYTES) {
                continue;
            }
            prefixRead = 0;
            if (flag > 1) {
                return Optional.of(Status.INTERNAL.withDescription("message flag byte is " + flag
                        + "; only 0 (uncompressed) and 1 (compressed) exist"));
            }
            if (flag == 1 && !encodingDeclared) {
                return Optional.of(Status.INTERNAL.withDescription(
                        "message has the compressed flag set, but the request has no grpc-encoding"));
            }
            if (length > maxMessageBytes) {
                return Optional.of(Status.RESOURCE_EXHAUSTED.withDescription("message of " + length
                        + " bytes exceeds the limit of " + maxMessageBytes + " bytes"));
            }
            messageArrived(); // the one before, complete earlier in this frame
            if (length > 0) {
                try {
                    messageLease = messageBudget.reserveNow(length, "this call's " + length + "-byte message");
                } catch (QueueFullException | PayloadTooLargeException e) {
                    return Optional.of(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()));
                }
                long declared = length;
                messageDeadline = DEADLINES.schedule(() -> Thread.startVirtualThread(() -> messageTimedOut(declared)),
                        messageTimeoutMillis, TimeUnit.MILLISECONDS);
            }
            bodyLeft = length;
        }
        return Optional.empty();
    }

    /**
     * The connection ended with this stream still open (a camera gone from the network, a call cut mid-message):
     * Helidon says nothing to the stream, whose thread would wait for frames for good. It is interrupted, which
     * ends Helidon's stream loop, and the call hears a cancel, as after a reset, so it lets go of what it holds.
     * This runs on the connection's thread, so the rest happens on a thread of its own: {@link #data} may hold
     * this guard for as long as its call runs.
     */
    @Override
    public void connectionEnded() {
        if (clientEnded && helidonAnswered()) {
            return; // finished: its thread has left Helidon's loop
        }
        connectionGone = true;
        interruptStreamThread();
        Thread.startVirtualThread(() -> {
            synchronized (this) {
                clientEnded = true;
                messageArrived();
            }
            helidon.rstStream(new Http2RstStream(Http2ErrorCode.CANCEL));
        });
    }

    private boolean helidonAnswered() {
        Http2StreamState state = helidon.streamState();
        return state == Http2StreamState.HALF_CLOSED_LOCAL || state == Http2StreamState.CLOSED;
    }

    /** Gives the current message's share of the budget back and cancels its read deadline. */
    private synchronized void messageArrived() {
        if (messageDeadline != null) {
            messageDeadline.cancel(false);
            messageDeadline = null;
        }
        if (messageLease != null) {
            messageLease.close();
            messageLease = null;
        }
    }

    /** The read deadline of a message of {@code declared} bytes passed: answered unless it arrived meanwhile. */
    private synchronized void messageTimedOut(long declared) {
        if (messageLease == null || answered) {
            return;
        }
        if (helidonAnswered()) {
            messageArrived();
            return;
        }
        long came = declared - bodyLeft;
        try {
            answer(Status.DEADLINE_EXCEEDED.withDescription("the request message (" + declared
                    + " bytes) did not arrive within " + messageTimeoutMillis + " ms; " + came + " of it came"),
                    clientEnded);
        } catch (RuntimeException e) {
            messageArrived(); // the connection is gone: nobody to answer, and connectionEnded() ends its thread
        }
    }

    /** Ends Helidon's side of the call (its listener hears onCancel), then sends the status as trailers only. */
    private synchronized void answer(Status status, boolean end) {
        answered = true;
        clientEnded = end;
        messageArrived();
        helidon.rstStream(new Http2RstStream(Http2ErrorCode.CANCEL));
        WritableHeaders<?> trailers = WritableHeaders.create();
        trailers.set(HeaderNames.CONTENT_TYPE, "application/grpc");
        trailers.set(GRPC_STATUS, Integer.toString(status.getCode().value()));
        if (status.getDescription() != null) {
            trailers.set(GRPC_MESSAGE, percentEncoded(status.getDescription()));
        }
        Http2Headers headers = Http2Headers.create(trailers);
        headers.status(io.helidon.http.Status.OK_200);
        writer.writeHeaders(headers, streamId, Http2Flag.HeaderFlags.create(Http2Flag.END_OF_HEADERS
                | Http2Flag.END_OF_STREAM), flowControl.outbound());
        if (!end) {
            scheduleReap();
        }
    }

    /**
     * After an answer the client has not ended its side: Helidon's stream thread waits for its frames, which the
     * guard drops, and only its END_STREAM ends that wait. A client that never sends one, on a connection it keeps
     * open, would keep the thread waiting for good, one per refused stream. So once no frame has come for the body
     * read timeout, the thread is interrupted, which ends Helidon's stream loop cleanly; a frame still coming means
     * a client still sending, and the check is made again later.
     */
    private void scheduleReap() {
        DEADLINES.schedule(() -> Thread.startVirtualThread(this::reapIfIdle), messageTimeoutMillis,
                TimeUnit.MILLISECONDS);
    }

    private synchronized void reapIfIdle() {
        if (clientEnded) {
            return;
        }
        if (System.nanoTime() - lastFrameNanos < messageTimeoutMillis * 1_000_000) {
            scheduleReap();
            return;
        }
        interruptStreamThread();
    }

    /** Ends Helidon's wait for this stream's frames: its stream loop returns on an interrupt. */
    private void interruptStreamThread() {
        Thread waiting = streamThread;
        if (waiting != null) {
            waiting.interrupt();
        }
    }

    /** grpc-message is percent-encoded UTF-8: printable ASCII except '%' passes as is (gRPC over HTTP/2). */
    static String percentEncoded(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
