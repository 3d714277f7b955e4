package dev.panamaedge.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether clients may load and unload models (the repository extension), from the {@code repository-control}
 * setting: {@code auto} (the default) allows it only while the server listens on a loopback address, where
 * only local processes reach it, or when every request must authenticate (tokens or client certificates); {@code on} allows it on any address (put authentication in front); {@code off}
 * never ({@code true} and {@code false} mean on and off: YAML reads an unquoted on/off so). A refused call is 403 / PERMISSION_DENIED with {@link #refusal()} as its message.
 *
 * @param refusal empty when allowed, else why not and how to allow it
 */
public record RepositoryAccess(Optional<String> refusal) {
    /** The values {@code repository-control} takes. */
    public static final String VALUES = "auto, on or off";

    /** Allowed (tests on loopback, or {@code repository-control: on}). */
    public static RepositoryAccess allowed() {
        return new RepositoryAccess(Optional.empty());
    }

    /**
     * @param setting the {@code repository-control} value
     * @param host    the listen address
     * @throws IllegalArgumentException for a value other than {@link #VALUES}
     */
    public static RepositoryAccess of(String setting, String host) {
        return of(setting, host, false);
    }

    /**
     * As {@link #of(String, String)}, where {@code auto} also allows it off loopback when every request must
     * authenticate ({@code authenticated}: bearer tokens or client certificates are configured).
     */
    public static RepositoryAccess of(String setting, String host, boolean authenticated) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            // YAML 1.1 reads an unquoted on/off as a boolean, so a config file hands over true/false.
            case "on", "true" -> allowed();
            case "off", "false" -> new RepositoryAccess(Optional.of("model repository control is off on this server "
                    + "(repository-control: off)"));
            case "auto" -> loopback(host) || authenticated ? allowed() : new RepositoryAccess(Optional.of("model repository control is "
                    + "refused: the server listens on " + host + ", not only on loopback; set repository-control: on "
                    + "(EDGE_REPOSITORY_CONTROL=on, --repository-control on) to allow it, behind authentication"));
            default -> throw new IllegalArgumentException("repository-control must be " + VALUES + ", got '" + setting
                    + "'");
        };
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
