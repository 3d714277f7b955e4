package dev.panamaedge.server.security;

import io.helidon.common.socket.PeerInfo;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.security.cert.Certificate;
import java.util.Optional;

/**
 * Client authentication for HTTP and gRPC alike: a client certificate that the TLS handshake verified against
 * {@code tls-client-ca} (how a factory camera proves who it is), or an {@code Authorization: Bearer} token from
 * the {@code auth-tokens} file. Either one configured mechanism suffices. With neither configured every
 * request is admitted, as before.
 */
public final class Authentication {
    private static final String BEARER = "bearer ";

    private final boolean certificates;
    private final Optional<BearerTokens> tokens;
    private final boolean healthOpen;

    public Authentication(SecuritySettings settings) {
        this.certificates = settings.clientCa().isPresent();
        this.tokens = settings.tokensFile().map(BearerTokens::new);
        this.healthOpen = settings.healthOpen();
    }

    /** Whether any credential is asked for at all. */
    public boolean required() {
        return certificates || tokens.isPresent();
    }

    /** The request carried a valid credential of a configured kind (false when none is configured). */
    public boolean isAuthenticated(ServerRequest req) {
        return isAuthenticated(req.remotePeer(), req.headers().first(HeaderNames.AUTHORIZATION));
    }

    /** As {@link #isAuthenticated(ServerRequest)} from the peer and the {@code authorization} header's value. */
    public boolean isAuthenticated(PeerInfo peer, Optional<String> authorization) {
        if (certificates && peer != null) {
            Optional<Certificate[]> chain = peer.tlsCertificates();
            // Helidon hands over only a chain the handshake verified; an untrusted one fails the handshake.
            if (chain.isPresent() && chain.get().length > 0) {
                return true;
            }
        }
        if (tokens.isPresent() && authorization.isPresent()) {
            String a = authorization.get().strip();
            if (a.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return tokens.get().matches(a.substring(BEARER.length()).strip());
            }
        }
        return false;
    }

    /** Health endpoints may stay open ({@code health-open}, default true) for probes without credentials. */
    public boolean isOpen(String httpPath) {
        return healthOpen && httpPath.startsWith("/v2/health/");
    }

    /** The gRPC form of {@link #isOpen}: ServerLive and ServerReady. */
    public boolean isOpenGrpc(String fullMethodName) {
        return healthOpen && (fullMethodName.equals("inference.GRPCInferenceService/ServerLive")
                || fullMethodName.equals("inference.GRPCInferenceService/ServerReady"));
    }
}
