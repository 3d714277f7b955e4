package dev.panamaedge.server.security;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.common.tls.TlsConfig;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * TLS of the serving port from PEM files (certificate chain, PKCS#8 key, optionally the CA of client
 * certificates), and their reload: the files' modification times are checked every
 * {@code tls-reload-interval-ms}, and a changed set is handed to Helidon's {@link WebServer#reloadTls}, which
 * swaps the key and trust managers under the listener: new handshakes use the new certificate, open
 * connections keep theirs. A set that fails to load (a renewal half written) is logged, and the old one stays.
 */
public final class TlsFiles implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TlsFiles.class.getName());

    private final SecuritySettings settings;
    private final ScheduledExecutorService timer;
    private List<FileTime> stamps;

    private TlsFiles(SecuritySettings settings, ScheduledExecutorService timer, List<FileTime> stamps) {
        this.settings = settings;
        this.timer = timer;
        this.stamps = stamps;
    }

    /**
     * The TLS of {@code settings}. With a client CA, client certificates are asked for but optional in the
     * handshake, so that a client without one gets a 401 / UNAUTHENTICATED it can read (and open health
     * endpoints stay reachable); a certificate that is presented must chain to the CA or the handshake fails.
     */
    public static Tls load(SecuritySettings settings) {
        Path cert = settings.tlsCert().orElseThrow();
        Path key = settings.tlsKey().orElseThrow();
        for (Path p : files(settings)) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("TLS file " + p + " is not readable");
            }
        }
        Keys own = Keys.builder().pem(pem -> pem.key(Resource.create(key)).certChain(Resource.create(cert))).build();
        if (own.privateKey().isEmpty() || own.certChain().isEmpty()) {
            throw new IllegalArgumentException("tls-key " + key + " / tls-cert " + cert
                    + " hold no PKCS#8 private key or no certificate");
        }
        requireMatchingKey(own.privateKey().get(), own.certChain().getFirst(), key, cert);
        TlsConfig.Builder b = Tls.builder().privateKey(own).privateKeyCertChain(own);
        settings.clientCa().ifPresent(ca -> {
            Keys trust = Keys.builder().pem(pem -> pem.certificates(Resource.create(ca))).build();
            if (trust.certs().isEmpty()) {
                throw new IllegalArgumentException("tls-client-ca " + ca + " holds no certificate");
            }
            b.trust(trust).clientAuth(TlsClientAuth.OPTIONAL);
        });
        return b.build();
    }

    /**
     * A renewal writes the certificate and the key one after the other; loaded in between, the pair would fail
     * every handshake. A signature by the key that the certificate's public key verifies proves they belong
     * together.
     */
    private static void requireMatchingKey(PrivateKey privateKey, X509Certificate cert, Path keyFile, Path certFile) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "panama-edge key check".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(privateKey);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            if (verify.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // A key of another type than the certificate's: not a pair either.
        }
        throw new IllegalArgumentException("tls-key " + keyFile + " is not the key of the certificate in " + certFile);
    }

    /** Starts checking the files of {@code settings} for changes and reloading {@code server}'s TLS. */
    public static TlsFiles watch(WebServer server, SecuritySettings settings) {
        Objects.requireNonNull(server, "server");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("tls-reload").factory());
        TlsFiles watcher = new TlsFiles(settings, timer, stampsOf(settings));
        if (settings.tlsReloadMillis() > 0) {
            timer.scheduleWithFixedDelay(() -> watcher.reloadIfChanged(server), settings.tlsReloadMillis(),
                    settings.tlsReloadMillis(), TimeUnit.MILLISECONDS);
        }
        return watcher;
    }

    private void reloadIfChanged(WebServer server) {
        List<FileTime> now = stampsOf(settings);
        if (now.equals(stamps)) {
            return;
        }
        try {
            server.reloadTls(load(settings));
            stamps = now;
            LOG.info("TLS certificate files changed: reloaded " + files(settings));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TLS files changed but do not load, still serving the previous certificate: "
                    + e.getMessage());
            // Try again only once they change again.
            stamps = now;
        }
    }

    private static List<Path> files(SecuritySettings s) {
        List<Path> files = new ArrayList<>(List.of(s.tlsCert().orElseThrow(), s.tlsKey().orElseThrow()));
        s.clientCa().ifPresent(files::add);
        return files;
    }

    private static List<FileTime> stampsOf(SecuritySettings s) {
        List<FileTime> stamps = new ArrayList<>();
        for (Path p : files(s)) {
            try {
                stamps.add(Files.getLastModifiedTime(p));
            } catch (IOException e) {
                stamps.add(FileTime.fromMillis(-1));
            }
        }
        return stamps;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
