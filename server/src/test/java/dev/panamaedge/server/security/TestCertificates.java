package dev.panamaedge.server.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made for one test by the JDK's own {@code keytool} (one call per party, {@code -signer} signing
 * in the same store): a CA, a server certificate it signed for localhost and 127.0.0.1, a client certificate
 * it signed, and a self-signed "rogue" client with the same subject. Each party is written as PEM
 * ({@code name.crt} with its chain, {@code name.key} as PKCS#8), as the server and grpcio read them, and stays
 * in the PKCS#12 store {@link #store()} (password {@value #PASSWORD}) for the JDK's clients.
 */
final class TestCertificates {
    static final String PASSWORD = "changeit";

    final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    static TestCertificates create(Path dir) throws Exception {
        TestCertificates c = new TestCertificates(dir);
        c.keypair("ca", "CN=panama-edge test CA", "-ext", "bc:c");
        c.keypair("server", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-signer", "ca");
        c.keypair("client", "CN=camera-7", "-signer", "ca");
        c.keypair("rogue", "CN=camera-7");
        for (String name : List.of("ca", "server", "client", "rogue")) {
            c.writePem(name);
        }
        return c;
    }

    /** A new key and server certificate from the same CA (another subject), over the old files, as a renewal. */
    void renewServer(String subject) throws Exception {
        keytool("-delete", "-alias", "server");
        keypair("server", subject, "-ext", "san=dns:localhost,ip:127.0.0.1", "-signer", "ca");
        writePem("server");
    }

    Path crt(String name) {
        return dir.resolve(name + ".crt");
    }

    Path key(String name) {
        return dir.resolve(name + ".key");
    }

    Path store() {
        return dir.resolve("parties.p12");
    }

    /** The store with only {@code name}'s key entry, for a client's key manager. */
    KeyStore keyStoreOf(String name) throws Exception {
        KeyStore all = load();
        KeyStore one = KeyStore.getInstance("PKCS12");
        one.load(null, null);
        one.setKeyEntry(name, all.getKey(name, PASSWORD.toCharArray()), PASSWORD.toCharArray(),
                all.getCertificateChain(name));
        return one;
    }

    private KeyStore load() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store())) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private void keypair(String name, String subject, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", subject, "-validity", "2"));
        args.addAll(List.of(more));
        keytool(args.toArray(String[]::new));
    }

    /** Key first, then the certificate, as a renewal that the server's reload may catch half done would. */
    private void writePem(String name) throws Exception {
        KeyStore ks = load();
        PrivateKey k = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
        Files.writeString(key(name), pem("PRIVATE KEY", k.getEncoded()));
        StringBuilder chain = new StringBuilder();
        for (Certificate c : ks.getCertificateChain(name)) {
            chain.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Files.writeString(crt(name), chain);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // A short-lived JVM: C1 only starts it about twice as fast.
        cmd.add("-J-XX:TieredStopAtLevel=1");
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-keystore", store().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
