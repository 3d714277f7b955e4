package dev.panamaedge.server.security;

import io.grpc.Status;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses requests a browser was tricked into sending. DNS rebinding: a page on {@code evil.example} whose
 * name is re-pointed at 127.0.0.1 reaches a loopback server with {@code Host: evil.example}, so on a loopback
 * bind only localhost, 127.0.0.1, [::1] (with the server's port, or none) and the {@code allowed-hosts} pass.
 * Cross-site requests: a browser names the page that sent a request in {@code Origin}; one that is not the
 * server's own ({@code http(s)://} + its Host) is refused unless {@code allowed-origins} lists it (or is
 * {@code *}). Clients that are not browsers send no Origin and are not affected.
 */
public final class HostOriginCheck {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    private final boolean loopbackBind;
    private final List<String> allowedHosts;
    private final List<String> allowedOrigins;

    public HostOriginCheck(String bindHost, SecuritySettings settings) {
        this.loopbackBind = isLoopback(bindHost);
        this.allowedHosts = settings.allowedHosts();
        this.allowedOrigins = settings.allowedOrigins();
    }

    static boolean isLoopback(String bindHost) {
        String h = bindHost.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    /**
     * The allowed cross-origin {@code Origin} of this request, if it has one that {@code allowed-origins}
     * lets through (its reply then carries CORS headers); empty for a same-origin or non-browser request.
     *
     * @throws RefusedRequestException 403 for a foreign Host on a loopback bind or a cross-origin request
     */
    public Optional<String> check(ServerRequest req) {
        List<String> hosts = req.headers().values(HeaderNames.HOST);
        String authority = hosts.size() == 1 ? hosts.getFirst() : req.authority();
        if (hosts.size() > 1) {
            throw forbidden("more than one Host header");
        }
        if (loopbackBind && !hostAllowed(authority, req.localPeer().port())) {
            throw forbidden("Host " + LogText.quote(authority) + " is not this server's: a loopback server answers"
                    + " localhost, 127.0.0.1 and [::1] (add names with the allowed-hosts setting)");
        }
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            return Optional.empty();
        }
        String o = origin.get().trim().toLowerCase(Locale.ROOT);
        String own = (req.isSecure() ? "https://" : "http://") + String.valueOf(authority).toLowerCase(Locale.ROOT);
        if (o.equals(own)) {
            return Optional.empty();
        }
        if (allowedOrigins.contains("*") || allowedOrigins.contains(o)) {
            return origin;
        }
        throw forbidden("cross-origin request from " + LogText.quote(origin.get()) + " refused (allow it with the"
                + " allowed-origins setting)");
    }

    private boolean hostAllowed(String authority, int localPort) {
        if (authority == null || authority.isEmpty()) {
            return false;
        }
        String a = authority.toLowerCase(Locale.ROOT);
        String name;
        String port;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = a.substring(1, end);
            port = a.length() > end + 1 && a.charAt(end + 1) == ':' ? a.substring(end + 2) : a.substring(end + 1);
        } else {
            int colon = a.lastIndexOf(':');
            name = colon < 0 ? a : a.substring(0, colon);
            port = colon < 0 ? "" : a.substring(colon + 1);
        }
        if (!port.isEmpty() && !port.equals(Integer.toString(localPort))) {
            return allowedHosts.contains(a);
        }
        return LOOPBACK_NAMES.contains(name) || allowedHosts.contains(name) || allowedHosts.contains(a);
    }

    private static RefusedRequestException forbidden(String message) {
        return new RefusedRequestException(403, Status.Code.PERMISSION_DENIED, message);
    }
}
