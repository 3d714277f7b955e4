package dev.panamaedge.server.security;

import dev.panamaedge.server.ErrorMapping;
import io.grpc.Status;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;

/**
 * The HTTP filter in front of every route: {@link HostOriginCheck} (403), then {@link Authentication} (401 with
 * {@code WWW-Authenticate: Bearer}), and the {@link Caller} put into the request context for handlers.
 * An allowed cross-origin request gets CORS headers, and its preflight ({@code OPTIONS}) a 204.
 */
public final class RequestGuard {
    private final HostOriginCheck hostOrigin;
    private final Authentication authentication;
    private final boolean loopbackBind;

    public RequestGuard(String bindHost, SecuritySettings settings) {
        this.hostOrigin = new HostOriginCheck(bindHost, settings);
        this.authentication = new Authentication(settings);
        this.loopbackBind = HostOriginCheck.isLoopback(bindHost);
    }

    /** The guard of a loopback server with no further settings (what the route tests run under). */
    public static RequestGuard loopbackDefault() {
        return new RequestGuard("127.0.0.1", SecuritySettings.defaults());
    }

    public Authentication authentication() {
        return authentication;
    }

    public void install(HttpRouting.Builder routing) {
        routing.addFilter(this::filter);
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> corsOrigin;
        try {
            corsOrigin = hostOrigin.check(req);
            boolean authenticated = authentication.isAuthenticated(req);
            req.context().register(Caller.class, new Caller(authenticated, loopbackBind));
            corsOrigin.ifPresent(o -> {
                res.header(HeaderNames.create("Access-Control-Allow-Origin"), o);
                res.header(HeaderNames.create("Vary"), "Origin");
            });
            if (corsOrigin.isPresent() && req.prologue().method() == Method.OPTIONS) {
                res.header(HeaderNames.create("Access-Control-Allow-Methods"), "GET, POST");
                req.headers().first(HeaderNames.create("Access-Control-Request-Headers"))
                        .ifPresent(h -> res.header(HeaderNames.create("Access-Control-Allow-Headers"), h));
                res.header(HeaderNames.create("Access-Control-Max-Age"), "600");
                res.status(204).send();
                return;
            }
            if (authentication.required() && !authenticated && !authentication.isOpen(req.path().path())) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
                throw new RefusedRequestException(401, Status.Code.UNAUTHENTICATED,
                        "authentication required: a client certificate or an Authorization: Bearer token");
            }
        } catch (RefusedRequestException e) {
            ErrorMapping.Mapped m = ErrorMapping.map(e);
            res.status(m.httpStatus()).header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(m.json());
            return;
        }
        chain.proceed();
    }
}
