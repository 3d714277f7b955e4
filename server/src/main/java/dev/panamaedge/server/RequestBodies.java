package dev.panamaedge.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads an HTTP request body whole, refusing more than the limit before reading it where possible, and giving
 * up on a body that has not arrived within the body read timeout.
 *
 * <p>The timeout: Helidon 4.5.0 has no body read timeout for the server, and its idle check interrupts only a
 * connection still reading its request line, so a client that announces a body and never sends it held its
 * connection and request thread forever. Here the reading thread is interrupted when the timeout passes: a
 * virtual thread blocked on its socket then has the socket closed (HTTP/1.1), or the stream's wait for data
 * ends (HTTP/2), and the client loses its connection or stream, as it would with any server's read timeout.
 */
public final class RequestBodies {
    /** One daemon thread for every body's deadline; its tasks only interrupt. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "edge-body-read-timeout");
        t.setDaemon(true);
        return t;
    });

    private RequestBodies() {
    }

    /**
     * Reserves the body's bytes from the process's {@link RequestMemory#bodies() body budget} before it is read:
     * its Content-Length, or the whole limit for a chunked body (shrink the lease once it is read). Waits for them
     * as {@link MemoryBudget} says; a Content-Length over the limit reserves nothing, {@link #read} refuses it.
     */
    public static MemoryBudget.Lease reserve(ServerRequest req, Limits limits) {
        long declared = req.headers().contains(HeaderNames.CONTENT_LENGTH)
                ? req.headers().contentLength().orElse(0) : limits.maxRequestBytes();
        long need = declared > limits.maxRequestBytes() || !req.content().hasEntity() ? 0 : declared;
        return limits.memory().bodies().reserve(need, "this request's " + need + "-byte body");
    }

    /** {@link #read(ServerRequest, long, long)} with the limits' size and timeout. */
    public static byte[] read(ServerRequest req, Limits limits) {
        return read(req, limits.maxRequestBytes(), limits.bodyReadTimeoutMillis());
    }

    /** With the default body read timeout. */
    public static byte[] read(ServerRequest req, long max) {
        return read(req, max, Limits.DEFAULT_BODY_READ_TIMEOUT_MILLIS);
    }

    /**
     * @throws PayloadTooLargeException when Content-Length or the bytes actually sent exceed {@code max}
     * @throws IllegalArgumentException when the body is badly framed (a bad chunk size, Helidon's other 4xx)
     * @throws UncheckedIOException     when reading fails, the body read timeout included
     */
    public static byte[] read(ServerRequest req, long max, long timeoutMillis) {
        if (req.headers().contains(HeaderNames.CONTENT_LENGTH)) {
            long declared = req.headers().contentLength().orElse(0);
            if (declared > max) {
                throw new PayloadTooLargeException("request body of " + declared + " bytes exceeds the limit of "
                        + max + " bytes");
            }
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        Thread reader = Thread.currentThread();
        AtomicBoolean reading = new AtomicBoolean(true);
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            if (reading.compareAndSet(true, false)) {
                reader.interrupt();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw new PayloadTooLargeException("request body exceeds the limit of " + max + " bytes");
            }
            return body;
        } catch (RequestException e) {
            // Helidon's own refusals while it reads the body: a chunked body past max-payload-size (413), bad
            // chunk framing (400). Answered here like ours, instead of as a 500 with a stack trace in the log.
            if (e.status().code() == 413) {
                throw new PayloadTooLargeException("request body exceeds the limit of " + max + " bytes");
            }
            throw new IllegalArgumentException("malformed request body: " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed chunked request body: bad chunk size", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        } finally {
            deadline.cancel(false);
            if (!reading.compareAndSet(true, false)) {
                Thread.interrupted(); // the deadline fired: clear it, whether or not it cut a read short
            }
        }
    }
}
