package dev.panamaedge.server.connection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The end of one client connection, for what must know it: Helidon 4.5.0 tells none of an HTTP/2 connection's
 * streams that the connection closed, so a gRPC stream still open then (a camera that dropped off the network, a
 * call cut mid-message) keeps its thread waiting for frames for good, with whatever its call holds. Listeners are
 * held weakly: a stream that finished and was dropped by Helidon leaves the set by itself. Thread-safe.
 */
public final class ConnectionEnd {
    /** Told once, on the connection's thread, when the connection has ended. */
    public interface Listener {
        void connectionEnded();
    }

    private final Set<Listener> listeners = Collections.newSetFromMap(new WeakHashMap<>());
    private boolean ended;

    /** Tells {@code listener} when the connection ends; at once if it already has. */
    public void register(Listener listener) {
        synchronized (this) {
            if (!ended) {
                listeners.add(listener);
                return;
            }
        }
        listener.connectionEnded();
    }

    /** The connection ended: every listener still registered is told, once. */
    void ended() {
        List<Listener> told;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            told = new ArrayList<>(listeners);
            listeners.clear();
        }
        told.forEach(Listener::connectionEnded);
    }
}
