package dev.panamaedge.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.server.Engines;
import dev.panamaedge.server.ServerConfig;
import dev.panamaedge.server.ServerMain;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ServerLiveRequest;
import dev.panamaedge.server.grpc.inference.ServerMetadataRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.panamaedge.testsupport.MissingData;
import dev.panamaedge.testsupport.ProjectVenv;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the serving port with client certificates and bearer tokens, on both protocols, against a server
 * started through {@link ServerMain} with certificates keytool made for this test: grpc-java and the JDK's
 * HttpClient connect over TLS; without a valid certificate or token the answer is 401 / UNAUTHENTICATED while
 * health stays open; a certificate from another CA fails the handshake (grpc-java sends it) or is not sent (the JDK's client); a renewed certificate is served
 * without a restart. The stock Python tritonclient connects over both protocols too.
 */
final class TlsAuthenticationTest {
    static final String TOKEN = "s3cret-token-of-camera-7";
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static ServerMain server;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir);
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "# one token per line\n" + TOKEN + "\nanother-token\n");
        server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0",
                "tls-cert", certs.crt("server").toString(), "tls-key", certs.key("server").toString(),
                "tls-client-ca", certs.crt("ca").toString(), "auth-tokens", tokens.toString(),
                "tls-reload-interval-ms", "200")), new Engines(), List::of);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void httpsWithoutCredentialsIs401AndHealthStaysOpen() throws Exception {
        HttpClient client = https(null);
        HttpResponse<String> meta = get(client, "/v2", null);
        assertEquals(401, meta.statusCode(), meta.body());
        assertEquals("Bearer", meta.headers().firstValue("www-authenticate").orElse(""));
        assertTrue(meta.body().contains("authentication required"), meta.body());
        assertEquals(200, get(client, "/v2/health/live", null).statusCode());
        assertEquals(401, get(client, "/v2", "wrong-token").statusCode());
        assertEquals(401, get(client, "/v2", TOKEN + "x").statusCode());
        assertEquals(200, get(client, "/v2", TOKEN).statusCode());
        assertEquals(200, get(client, "/v2", "another-token").statusCode());
    }

    @Test
    void httpsWithClientCertificateIsAdmitted() throws Exception {
        HttpResponse<String> meta = get(https("client"), "/v2", null);
        assertEquals(200, meta.statusCode(), meta.body());
        assertTrue(meta.body().contains("\"name\""), meta.body());
    }

    @Test
    void certificateFromAnotherCaIsNotAccepted() throws Exception {
        // The JDK's client offers only a certificate from a CA the server names, so it sends none: 401.
        assertEquals(401, get(https("rogue"), "/v2", null).statusCode());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> call(TlsChannelCredentials.newBuilder().trustManager(certs.crt("ca").toFile())
                        .keyManager(certs.crt("rogue").toFile(), certs.key("rogue").toFile()).build(), null));
        // Either the handshake refuses the certificate or the client keeps it back (its issuer is not one the
        // server names): never admitted.
        assertTrue(Set.of(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED).contains(e.getStatus().getCode()),
                e.toString());
    }

    @Test
    void grpcOverTlsTokensAndCertificates() throws Exception {
        ChannelCredentials plainTls = TlsChannelCredentials.newBuilder().trustManager(certs.crt("ca").toFile()).build();
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> call(plainTls, null));
        assertEquals(Status.Code.UNAUTHENTICATED, missing.getStatus().getCode(), missing.toString());
        StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class, () -> call(plainTls, "nope"));
        assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
        assertEquals("panama-edge", call(plainTls, TOKEN));
        ChannelCredentials mtls = TlsChannelCredentials.newBuilder().trustManager(certs.crt("ca").toFile())
                .keyManager(certs.crt("client").toFile(), certs.key("client").toFile()).build();
        assertEquals("panama-edge", call(mtls, null));
    }

    @Test
    void renewedCertificateIsServedWithoutARestart() throws Exception {
        assertEquals("CN=localhost", servedSubject());
        certs.renewServer("CN=localhost, OU=renewed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String subject = servedSubject();
        while (!subject.contains("OU=renewed") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            subject = servedSubject();
        }
        assertTrue(subject.contains("OU=renewed"), subject);
        assertEquals(200, get(https("client"), "/v2", null).statusCode());
    }

    @Test
    void stockTritonClientConnectsOverTlsOnBothProtocols() throws Exception {
        Path python = ProjectVenv.tool("python");
        Process p = new ProcessBuilder(python.toString(), script().toString(), "localhost:" + server.port(),
                certs.crt("ca").toString(), "none", "token=" + TOKEN,
                "cert=" + certs.crt("client") + "," + certs.key("client"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "python client did not finish");
        if (p.exitValue() != 0 && text.isBlank()) {
            MissingData.skipOrFail("tls_check.py failed (exit " + p.exitValue() + "); is tritonclient[http,grpc]"
                    + " installed in the venv?");
        }
        assertEquals(0, p.exitValue(), text);
        JsonNode report = new ObjectMapper().readTree(text);
        for (String protocol : List.of("http", "grpc")) {
            JsonNode none = report.get("none").get(protocol);
            assertTrue(none.get("live").get("ok").asBoolean(), protocol + " health is open: " + none);
            assertTrue(!none.get("metadata").get("ok").asBoolean(), protocol + ": " + none);
            String error = none.get("metadata").get("error").asText();
            assertTrue(error.contains("authentication required"), protocol + ": " + error);
            for (String mode : List.of("token=" + TOKEN, "cert")) {
                JsonNode r = report.get(mode).get(protocol);
                assertEquals("panama-edge", r.get("metadata").get("value").asText(), protocol + " " + mode + ": " + r);
            }
        }
    }

    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            for (String rel : List.of("server/src/test/python/tls_check.py", "src/test/python/tls_check.py")) {
                if (Files.isRegularFile(d.resolve(rel))) {
                    return d.resolve(rel);
                }
            }
        }
        throw new AssertionError("tls_check.py not found");
    }

    /** ServerMetadata's name, after ServerLive, which needs no credentials. */
    private static String call(ChannelCredentials credentials, String token) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.port(), credentials).build();
        try {
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            if (token != null) {
                Metadata md = new Metadata();
                md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
            }
            assertTrue(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
            return stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName();
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static String servedSubject() throws Exception {
        try (SSLSocket s = (SSLSocket) ssl(null).getSocketFactory().createSocket("localhost", server.port())) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    private static HttpResponse<String> get(HttpClient client, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient https(String clientName) throws Exception {
        return HttpClient.newBuilder().sslContext(ssl(clientName)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Trusts the test CA; presents {@code clientName}'s certificate when given. */
    static SSLContext ssl(String clientName) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certs.crt("ca"))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientName != null) {
            KeyStore ks = certs.keyStoreOf(clientName);
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, TestCertificates.PASSWORD.toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
