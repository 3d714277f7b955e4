package dev.panamaedge.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The server cannot listen where its configuration says: the port is in use, the address is not this host's,
 * or binding is not permitted. Thrown by {@link ServerMain#start} before any model loads, with a one-line
 * message naming the address and the system's reason.
 */
public final class PortUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Binds {@code host:port} once and releases it, as Helidon will bind it (address reuse on, so a port
     * left in TIME_WAIT by the previous run still counts as free). Helidon itself only logs a failed bind and
     * goes on with no listener, so this is the check that makes such a start fail. Port 0 always succeeds.
     */
    static void requireFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new PortUnavailableException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + (e instanceof java.net.BindException ? " (is another server running there?)" : ""), e);
        }
    }
}
