package dev.panamaedge.tools.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The gRPC connection a load client calls on: one to start with and, as a grpc-java channel does, a new one
 * when the last stops taking calls (the connection was lost, or the server sent GOAWAY on its way down). So a
 * server that restarts during a load test is loaded again once it listens; while it is down, each call tries
 * one connect and answers {@code UNAVAILABLE}, paced by the caller's back-off ({@link ErrorBackoff}).
 * Thread-safe.
 */
final class GrpcConnections implements AutoCloseable {

    /** Connects to the target, settings exchanged. */
    interface Opener {
        UnaryGrpcConnection open() throws IOException;
    }

    private final Opener opener;
    /** Every connection not known to be closed, the one taking calls last: older ones finish their calls. */
    private final List<UnaryGrpcConnection> open = new ArrayList<>();

    /** @throws IOException when the first connection cannot be opened */
    GrpcConnections(Opener opener) throws IOException {
        this.opener = opener;
        open.add(opener.open());
    }

    /** One call on the connection taking calls, opened first if there is none. */
    CompletableFuture<String> call() {
        return current().call();
    }

    private synchronized UnaryGrpcConnection current() {
        UnaryGrpcConnection last = open.getLast();
        if (last.acceptsCalls()) {
            return last;
        }
        try {
            UnaryGrpcConnection next = opener.open();
            open.removeIf(UnaryGrpcConnection::isClosed);
            open.add(next);
            return next;
        } catch (IOException e) {
            return last; // it answers UNAVAILABLE at once
        }
    }

    @Override
    public synchronized void close() {
        open.forEach(UnaryGrpcConnection::close);
        open.clear();
    }
}
