package dev.panamaedge.server.connection;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.spi.ServerConnection;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * One of Helidon's connections, unchanged, that reports its {@link ConnectionEnd} once its handling is over,
 * however it ended (the client closed, a protocol error, the idle timeout, the server's stop), and, for
 * HTTP/1.1, is also closed by the idle check while its request headers are still coming. Whether Helidon may
 * interrupt it stays the connection's own answer ({@link InterruptableTask}), as Helidon asks it.
 */
final class EndNotifyingConnection implements ServerConnection, InterruptableTask<Void> {
    private final ServerConnection helidon;
    private final ConnectionEnd end;
    private final RequestHeaderDeadline headerDeadline;

    /** @param headerDeadline the HTTP/1.1 header deadline of the connection, or null */
    EndNotifyingConnection(ServerConnection helidon, ConnectionEnd end, RequestHeaderDeadline headerDeadline) {
        this.helidon = helidon;
        this.end = end;
        this.headerDeadline = headerDeadline;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        try {
            helidon.handle(limit);
        } finally {
            ended();
        }
    }

    @SuppressWarnings("deprecation")
    @Override
    public void handle(Semaphore requestSemaphore) throws InterruptedException {
        try {
            helidon.handle(requestSemaphore);
        } finally {
            ended();
        }
    }

    @Override
    public Duration idleTime() {
        return helidon.idleTime();
    }

    private void ended() {
        if (headerDeadline != null) {
            headerDeadline.ended();
        }
        end.ended();
    }

    /**
     * Helidon's idle check calls this with {@code false} for a connection idle past the timeout, and Helidon's
     * connection then stops only while it reads a request line; one whose headers are still coming is stopped
     * too ({@link RequestHeaderDeadline}).
     */
    @Override
    public void close(boolean interrupt) {
        boolean headersOverdue = !interrupt && headerDeadline != null && headerDeadline.headersOverdue();
        helidon.close(interrupt || headersOverdue);
    }

    @Override
    public boolean canInterrupt() {
        return helidon instanceof InterruptableTask<?> task && task.canInterrupt();
    }
}
