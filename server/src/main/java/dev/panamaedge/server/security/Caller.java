package dev.panamaedge.server.security;

import io.helidon.webserver.http.ServerRequest;

/**
 * What the server knows of who sent a request, put in the request's context by {@link RequestGuard} before any
 * handler runs. Handlers that change the server (loading or unloading models) ask {@link #mayAdminister()}.
 *
 * @param authenticated the request carried a valid client certificate or bearer token
 * @param loopbackOnly  the server listens on loopback only, so every caller is on this machine
 */
public record Caller(boolean authenticated, boolean loopbackOnly) {
    private static final Caller UNKNOWN = new Caller(false, false);

    /** The caller of {@code req}; unauthenticated and not local when no guard ran. */
    public static Caller of(ServerRequest req) {
        return req.context().get(Caller.class, Caller.class).orElse(UNKNOWN);
    }

    /** Authenticated, or the server is reachable from this machine only. */
    public boolean mayAdminister() {
        return authenticated || loopbackOnly;
    }
}
