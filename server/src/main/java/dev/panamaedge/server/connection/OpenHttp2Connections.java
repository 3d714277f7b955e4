package dev.panamaedge.server.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's open HTTP/2 connections (prior knowledge and h2c upgrades), to tell them at shutdown that the
 * server is going away. Helidon 4.5.0's stop sends an idle connection no GOAWAY and a busy one only the abrupt
 * GOAWAY of its close, and its HTTP/2 connection has no way to send one from outside; each connection's writer
 * here can ({@link ServerFramesWriter}). Thread-safe.
 */
public final class OpenHttp2Connections {
    private final Set<ServerFramesWriter> open = ConcurrentHashMap.newKeySet();

    void add(ServerFramesWriter connection) {
        open.add(connection);
    }

    void remove(ServerFramesWriter connection) {
        open.remove(connection);
    }

    /**
     * Sends every open connection past its preface a GOAWAY with NO_ERROR and the largest stream id, the first
     * GOAWAY of RFC 9113 §6.8's graceful shutdown: the client opens no new stream on it and lets its open ones
     * finish. Each is written on a thread of its own, so a client that reads nothing delays no one; the final
     * GOAWAY with the real last stream is left out, since every stream that reaches the server before its
     * connections close is answered (by the drain, at worst with a refusal).
     *
     * @return the connections being told
     */
    public int goAway() {
        int told = 0;
        for (ServerFramesWriter connection : open) {
            if (connection.started()) {
                Thread.ofVirtual().name("edge-goaway").start(connection::goAway);
                told++;
            }
        }
        return told;
    }
}
