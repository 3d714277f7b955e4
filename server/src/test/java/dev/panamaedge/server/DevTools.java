package dev.panamaedge.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Chrome DevTools Protocol client over the JDK's {@link WebSocket}: one browser connection, with
 * page sessions multiplexed on it ({@code Target.attachToTarget} with {@code flatten}). Commands wait for
 * their answer with a timeout; events are awaited by registering for them before the action that causes
 * them, so none is missed and nothing polls.
 */
final class DevTools implements AutoCloseable {
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final HttpClient http;

    private record EventWaiter(String sessionId, String method, CompletableFuture<JsonNode> params) {
    }

    private DevTools(HttpClient http, WebSocket socket) {
        this.http = http;
        this.socket = socket;
    }

    /** Connects to the browser endpoint Chromium printed ({@code ws://127.0.0.1:PORT/devtools/browser/…}). */
    static DevTools connect(URI browserEndpoint, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        Receiver receiver = new Receiver();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(browserEndpoint, receiver)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        DevTools tools = new DevTools(http, socket);
        receiver.owner.complete(tools);
        return tools;
    }

    /** Runs a browser-level command ({@code Target.*}, {@code Browser.*}). */
    JsonNode send(String method, ObjectNode params, Duration timeout) throws Exception {
        return send(null, method, params, timeout);
    }

    /** Runs a command in a page session; throws if Chromium answers with an error. */
    JsonNode send(String sessionId, String method, ObjectNode params, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", params == null ? Json.MAPPER.createObjectNode() : params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(Json.MAPPER.writeValueAsString(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.get("result");
        } catch (TimeoutException e) {
            throw new AssertionError("DevTools " + method + " did not answer within " + timeout, e);
        } finally {
            pending.remove(id);
        }
    }

    /** A future for the next {@code method} event of a session; register it before causing the event. */
    CompletableFuture<JsonNode> nextEvent(String sessionId, String method) {
        CompletableFuture<JsonNode> params = new CompletableFuture<>();
        waiters.add(new EventWaiter(sessionId, method, params));
        return params;
    }

    static JsonNode await(CompletableFuture<JsonNode> event, String what, Duration timeout) throws Exception {
        try {
            return event.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not happen within " + timeout, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + ": DevTools connection failed", e.getCause());
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("DevTools sent malformed JSON", e);
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String method = message.path("method").asText();
        String session = message.has("sessionId") ? message.get("sessionId").asText() : null;
        for (EventWaiter w : waiters) {
            if (w.method.equals(method) && java.util.Objects.equals(w.sessionId, session)) {
                waiters.remove(w);
                w.params.complete(message.get("params"));
            }
        }
    }

    private void fail(Throwable cause) {
        pending.values().forEach(f -> f.completeExceptionally(cause));
        waiters.forEach(w -> w.params.completeExceptionally(cause));
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
        fail(new IllegalStateException("DevTools connection closed"));
    }

    /** Reassembles fragmented text frames (screenshots arrive in many) and hands whole messages over. */
    private static final class Receiver implements WebSocket.Listener {
        final CompletableFuture<DevTools> owner = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                owner.thenAccept(t -> t.dispatch(text));
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            owner.thenAccept(t -> t.fail(new IllegalStateException("DevTools closed: " + statusCode + " " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            owner.thenAccept(t -> t.fail(error));
        }
    }
}
