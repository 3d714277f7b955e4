package dev.panamaedge.tools.cli;

import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first message a load client saw for each kind of failure (gRPC code, HTTP status, {@code CLIENT_…}), so that
 * a report says what failed and not only how often: {@code INTERNAL: 2} alone cannot tell a server's internal error
 * from a connection reset or an HTTP/2 protocol error. Kept per client and merged into the report; warm-up failures
 * are sampled too. Thread-safe.
 */
final class FailureSamples {
    private static final int MAX_KINDS = 16;
    private static final int MAX_CHARS = 400;

    private final ConcurrentHashMap<String, String> first = new ConcurrentHashMap<>();

    /** Records {@code message} as {@code status}'s sample unless it already has one. */
    void record(String status, String message) {
        if (first.size() < MAX_KINDS) {
            String m = message == null || message.isBlank() ? "(no message)" : message.replace('\n', ' ');
            first.putIfAbsent(status, m.length() > MAX_CHARS ? m.substring(0, MAX_CHARS) + "…" : m);
        }
    }

    /**
     * Records a gRPC failure under its code: the status description, then what caused it on the client's side
     * (grpc-java names HTTP/2 errors, resets and GOAWAYs there); returns the code's name.
     */
    String grpc(Throwable t) {
        Status s = Status.fromThrowable(t);
        StringBuilder m = new StringBuilder(String.valueOf(s.getDescription()));
        for (Throwable c = s.getCause(); c != null && m.length() < MAX_CHARS; c = c.getCause() == c ? null
                : c.getCause()) {
            m.append(" (caused by ").append(c.getClass().getName()).append(": ").append(c.getMessage()).append(')');
        }
        String code = s.getCode().name();
        record(code, m.toString());
        return code;
    }

    /**
     * Records a failure of the client itself as {@code CLIENT_<exception>} and returns that status: HttpClient wraps
     * the cause that names the failure in a CompletionException.
     */
    String client(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        String status = "CLIENT_" + cause.getClass().getSimpleName();
        record(status, cause.toString());
        return status;
    }

    /** Records an HTTP status other than 200 with the server's error body; returns the status as text. */
    String http(int code, String body) {
        String status = Integer.toString(code);
        record(status, body);
        return status;
    }

    /** The samples so far, by status. */
    Map<String, String> snapshot() {
        return new TreeMap<>(first);
    }

    /** The samples of {@code clients}, by status, the first client's first. */
    static Map<String, String> of(List<? extends LoadSender> clients) {
        Map<String, String> all = new TreeMap<>();
        for (LoadSender c : clients) {
            c.failureSamples().first.forEach(all::putIfAbsent);
        }
        return all;
    }
}
