package dev.panamaedge.server;

import java.time.Duration;

/**
 * How many connections and streams one client can hold, and for how long an idle one is kept: Helidon's own
 * settings ({@code max-tcp-connections}, {@code idle-connection-timeout}, HTTP/2 {@code max-concurrent-streams}),
 * given values here because Helidon's defaults (no cap, 5 minutes checked every 2, 8192 streams) let a slowloris
 * client hold the gateway for good.
 *
 * @param maxConnections       connections served at once; the listener stops accepting beyond (they wait in the
 *                             TCP backlog until one closes)
 * @param idleTimeoutMillis    a connection with no request for this long, or one still sending its request line,
 *                             is closed
 * @param maxStreamsPerConnection concurrent HTTP/2 streams one connection may open (SETTINGS_MAX_CONCURRENT_STREAMS)
 */
public record ConnectionLimits(int maxConnections, long idleTimeoutMillis, long maxStreamsPerConnection) {
    public ConnectionLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-connections must be positive, got " + maxConnections);
        }
        if (idleTimeoutMillis < 100) {
            throw new IllegalArgumentException("idle-timeout-ms must be at least 100, got " + idleTimeoutMillis);
        }
        if (maxStreamsPerConnection < 1) {
            throw new IllegalArgumentException("max-streams-per-connection must be positive, got "
                    + maxStreamsPerConnection);
        }
    }

    /**
     * 512 connections (an edge gateway serves tens of cameras and clients; each idle connection costs a virtual
     * thread and a few KB), 60 s idle, 128 streams per connection (grpc-java's clients open one per call).
     */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(512, 60_000, 128);
    }

    public Duration idleTimeout() {
        return Duration.ofMillis(idleTimeoutMillis);
    }

    /** How often Helidon looks for idle connections: a tenth of the timeout, so one is closed within 110 % of it. */
    public Duration idleCheckPeriod() {
        return Duration.ofMillis(Math.max(50, idleTimeoutMillis / 10));
    }
}
