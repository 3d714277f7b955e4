package dev.panamaedge.server.connection;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.spi.ServerConnection;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * One of Helidon's connections, unchanged, that reports its {@link ConnectionEnd} once its handling is over,
 * however it ended (the client closed, a protocol error, the idle timeout, the server's stop). Whether Helidon
 * may interrupt it stays the connection's own answer ({@link InterruptableTask}), as Helidon asks it.
 */
final class EndNotifyingConnection implements ServerConnection, InterruptableTask<Void> {
    private final ServerConnection helidon;
    private final ConnectionEnd end;

    EndNotifyingConnection(ServerConnection helidon, ConnectionEnd end) {
        this.helidon = helidon;
        this.end = end;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        try {
            helidon.handle(limit);
        } finally {
            end.ended();
        }
    }

    @SuppressWarnings("deprecation")
    @Override
    public void handle(Semaphore requestSemaphore) throws InterruptedException {
        try {
            helidon.handle(requestSemaphore);
        } finally {
            end.ended();
        }
    }

    @Override
    public Duration idleTime() {
        return helidon.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        helidon.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
        return helidon instanceof InterruptableTask<?> task && task.canInterrupt();
    }
}
