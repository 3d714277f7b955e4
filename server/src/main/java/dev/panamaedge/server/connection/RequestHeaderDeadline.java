package dev.panamaedge.server.connection;

import io.helidon.webserver.http.HttpRouting;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle timeout extended to an HTTP/1.1 request's headers. Helidon 4.5.0's idle check closes a connection only
 * while it reads the request line: once that has come, a client sending one header byte every few seconds keeps
 * the connection for good, and {@code max-connections} of them lock every other client out (slowloris). Here a
 * connection idle past the timeout (Helidon's own idle time: since its last request began or ended) is also
 * closed when no request of it has reached routing, which is the case exactly while its headers are still coming.
 * A request being handled, its body included ({@code body-read-timeout-ms} bounds that), is never cut.
 *
 * <p>A request reaches routing through {@link #install}'s filter, which finds its connection by socket id. Only
 * HTTP/1.1 connections take part, and an h2c upgrade leaves (its streams are not routed requests).
 */
public final class RequestHeaderDeadline {
    private static final Map<String, RequestHeaderDeadline> BY_SOCKET = new ConcurrentHashMap<>();

    private final String socket;
    private final AtomicInteger routed = new AtomicInteger();
    private volatile boolean upgraded;

    private RequestHeaderDeadline(String socket) {
        this.socket = socket;
    }

    /** The first filter of {@code routing}: marks each request's connection as past its headers while it runs. */
    public static void install(HttpRouting.Builder routing) {
        routing.addFilter((chain, req, res) -> {
            RequestHeaderDeadline connection = BY_SOCKET.get(key(req.serverSocketId(), req.socketId()));
            if (connection == null) {
                chain.proceed();
                return;
            }
            connection.routed.incrementAndGet();
            try {
                chain.proceed();
            } finally {
                connection.routed.decrementAndGet();
            }
        });
    }

    private static String key(String serverSocket, String socket) {
        return serverSocket + ' ' + socket;
    }

    /** Starts watching the HTTP/1.1 connection of these socket ids; {@link #ended} stops it. */
    static RequestHeaderDeadline watch(String serverSocket, String socket) {
        RequestHeaderDeadline d = new RequestHeaderDeadline(key(serverSocket, socket));
        BY_SOCKET.put(d.socket, d);
        return d;
    }

    /** The connection became HTTP/2 (h2c): from now on Helidon's own idle rules alone apply. */
    void upgraded() {
        upgraded = true;
    }

    /** Whether Helidon's idle check, finding the connection idle past the timeout, should close it even now. */
    boolean headersOverdue() {
        return !upgraded && routed.get() == 0;
    }

    void ended() {
        BY_SOCKET.remove(socket, this);
    }
}
