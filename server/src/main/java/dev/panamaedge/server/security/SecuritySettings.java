package dev.panamaedge.server.security;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may talk to the server: the Host/Origin checks against DNS rebinding and cross-site requests, TLS on the
 * serving port (PEM files, reloaded when they change), mutual TLS and bearer tokens. Read with the other
 * settings by {@code ServerConfig} (file, {@code EDGE_*}, flags) under the keys of {@link #KEYS}.
 *
 * @param allowedHosts   extra {@code Host} names accepted on a loopback bind, besides localhost, 127.0.0.1, [::1]
 * @param allowedOrigins browser origins allowed besides the server's own; {@code *} allows every origin
 * @param tlsCert        PEM certificate chain of the serving port; with {@code tlsKey}, TLS is on
 * @param tlsKey         PEM private key (PKCS#8) for {@code tlsCert}
 * @param clientCa       PEM CA certificates; when set, a client certificate signed by one authenticates
 * @param tokensFile     file of bearer tokens, one per line ({@code #} comments); when set, a token authenticates
 * @param healthOpen     health endpoints answer without authentication
 * @param tlsReloadMillis how often the PEM files are checked for changes; 0 turns reloading off
 */
public record SecuritySettings(List<String> allowedHosts, List<String> allowedOrigins, Optional<Path> tlsCert,
                               Optional<Path> tlsKey, Optional<Path> clientCa, Optional<Path> tokensFile,
                               boolean healthOpen, long tlsReloadMillis) {
    public static final List<String> KEYS = List.of("allowed-hosts", "allowed-origins", "tls-cert", "tls-key",
            "tls-client-ca", "auth-tokens", "health-open", "tls-reload-interval-ms");

    public SecuritySettings {
        allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        allowedOrigins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new IllegalArgumentException("tls-cert and tls-key go together: give both or neither");
        }
        if (clientCa.isPresent() && tlsCert.isEmpty()) {
            throw new IllegalArgumentException("tls-client-ca needs TLS: set tls-cert and tls-key too");
        }
        if (tlsReloadMillis < 0) {
            throw new IllegalArgumentException("tls-reload-interval-ms must be non-negative");
        }
    }

    /** Nothing set: plain HTTP, no authentication, only the loopback names and the server's own origin. */
    public static SecuritySettings defaults() {
        return from(Map.of());
    }

    /** Reads the {@link #KEYS} out of the merged settings. */
    public static SecuritySettings from(Map<String, String> merged) {
        String healthOpen = merged.getOrDefault("health-open", "true").trim().toLowerCase(Locale.ROOT);
        if (!healthOpen.equals("true") && !healthOpen.equals("false")) {
            throw new IllegalArgumentException("health-open must be true or false, got '" + healthOpen + "'");
        }
        long reload;
        try {
            reload = Long.parseLong(merged.getOrDefault("tls-reload-interval-ms", "5000").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tls-reload-interval-ms must be an integer", e);
        }
        return new SecuritySettings(list(merged.get("allowed-hosts")), list(merged.get("allowed-origins")),
                path(merged.get("tls-cert")), path(merged.get("tls-key")), path(merged.get("tls-client-ca")),
                path(merged.get("auth-tokens")), healthOpen.equals("true"), reload);
    }

    public boolean tls() {
        return tlsCert.isPresent();
    }

    /** Whether any client must prove who it is (a client certificate or a bearer token). */
    public boolean authenticates() {
        return clientCa.isPresent() || tokensFile.isPresent();
    }

    private static List<String> list(String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }

    private static Optional<Path> path(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.trim()));
    }
}
