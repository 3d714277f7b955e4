package dev.panamaedge.server;

import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.JpegBackend;
import dev.panamaedge.server.connection.OpenHttp2Connections;
import dev.panamaedge.server.connection.RequestHeaderDeadline;
import dev.panamaedge.server.grpc.GuardedGrpcConfig;
import dev.panamaedge.server.http2.ExactWindowUpdates;
import dev.panamaedge.server.http2.LimitedUpgradeSelector;
import dev.panamaedge.server.http2.LiteralPseudoHeaderSelector;
import dev.panamaedge.server.security.GrpcAuthentication;
import dev.panamaedge.server.security.RequestGuard;
import dev.panamaedge.server.security.TlsFiles;
import dev.panamaedge.server.shutdown.Drain;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http2.Http2Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the server: HTTP and gRPC on one Helidon port, models loading in the background (readiness turns
 * true once every model is compiled), hot reload for a repository, and a graceful stop on SIGTERM that
 * stops accepting, lets in-flight requests finish and closes the engines.
 */
public final class ServerMain implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServerMain.class.getName());

    private final WebServer server;
    private final ModelRegistry registry;
    private final ServerConfig config;
    private final Optional<TlsFiles> tlsFiles;
    private final Drain drain;
    private final OpenHttp2Connections http2Connections;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServerMain(WebServer server, ModelRegistry registry, ServerConfig config, Optional<TlsFiles> tlsFiles,
                       Drain drain, OpenHttp2Connections http2Connections) {
        this.server = server;
        this.drain = drain;
        this.http2Connections = http2Connections;
        this.tlsFiles = tlsFiles;
        this.registry = registry;
        this.config = config;
    }

    /** {@code java … ServerMain [--config FILE] [--key value …]} with the keys of {@link ServerConfig#KEYS}. */
    public static void main(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: ServerMain [--config FILE] [--<key> <value> …]; keys: " + ServerConfig.KEYS);
                System.exit(2);
            }
            String key = args[i].substring(2);
            if (key.equals("config")) {
                file = Optional.of(Path.of(args[++i]));
            } else {
                flags.put(key, args[++i]);
            }
        }
        ServerConfig config = ServerConfig.load(file, System.getenv(), flags);
        ServerMain running = start(config, new Engines(), List::of);
        running.installShutdownHook();
        System.out.println("panama-edge serving on " + running.url());
    }

    /**
     * Starts listening at once and loads models in the background.
     *
     * @param fallback models to serve when the config names neither a model nor a repository (the CLI
     *                 passes the embedded default model here)
     */
    public static ServerMain start(ServerConfig config, EngineLoader loader, Supplier<List<ModelSource>> fallback) {
        Objects.requireNonNull(config, "config");
        LogConfig.configureRuntime();
        PortUnavailableException.requireFree(config.host(), config.port());
        reportJpegDecoder();
        Supplier<List<ModelSource>> sources = sources(config, fallback);
        Metrics metrics = new Metrics();
        metrics.memory(config.limits().memory());
        ModelRegistry registry = new ModelRegistry(sources, loader, config::settingsFor, config.shadowSampleRate(),
                config.defaultModel(), metrics);
        // Models load while the web server starts: on a small box the two overlap (OpenVINO's library load and
        // compile against Helidon's class loading), and readiness waits for the models anyway.
        boolean watch = config.repository().isPresent() && config.reloadMillis() > 0;
        registry.start(watch ? config.reloadMillis() : 0);
        // No gRPC compression: Helidon would otherwise gzip every reply to a client that merely accepts gzip (as
        // grpc-java and grpcio do by default), a zlib setup per reply for tensors that hardly compress, paid
        // again by the client. Replies go out as sent, as grpc-java's own server does unless asked.
        GrpcConfig grpc = GrpcConfig.builder().enableCompression(false)
                .maxReadBufferSize(ServerRoutes.grpcReadBufferBytes(config.limits())).build();
        // Helidon's gRPC handler leaves undecodable and oversized messages unanswered; the guard answers them.
        // It also counts each request message against the body budget while it arrives, as HTTP bodies are.
        GuardedGrpcConfig guardedGrpc = new GuardedGrpcConfig(grpc, config.limits().maxRequestBytes(),
                config.limits().memory().bodies(), config.limits().bodyReadTimeoutMillis());
        ConnectionLimits connections = config.connections();
        Http2Config http2 = ExactWindowUpdates.applyTo(Http2Config.builder())
                .maxConcurrentStreams(connections.maxStreamsPerConnection()).build();
        RequestGuard guard;
        Drain drain = new Drain();
        OpenHttp2Connections http2Connections = new OpenHttp2Connections();
        WebServer server;
        Optional<TlsFiles> tlsFiles = Optional.empty();
        try {
            guard = new RequestGuard(config.host(), config.security());
            WebServerConfig.Builder builder = WebServer.builder();
            if (config.security().tls()) {
                builder.tls(TlsFiles.load(config.security()));
            }
            server = builder
                    .host(config.host())
                    .port(config.port())
                    .shutdownHook(false)
                    .shutdownGracePeriod(Duration.ofMillis(config.drainMillis()))
                    .maxPayloadSize(config.limits().maxRequestBytes())
                    .maxTcpConnections(connections.maxConnections())
                    .idleConnectionTimeout(connections.idleTimeout())
                    .idleConnectionPeriod(connections.idleCheckPeriod())
                    // Replies go out as several small writes (HTTP/2 HEADERS, DATA, trailers); with Nagle on, the
                    // later ones wait for the client's delayed ACK, about 40 ms on Linux, per request.
                    .connectionOptions(o -> o.tcpNoDelay(true))
                    .addProtocol(guardedGrpc)
                    // Python's grpcio names :path literally, which Helidon's HPACK decoder refuses.
                    .addConnectionSelector(LiteralPseudoHeaderSelector.create(WebServer.DEFAULT_SOCKET_NAME,
                            http2, List.of(guardedGrpc), http2Connections))
                    // Helidon's reader keeps every byte a connection reads after an idle pause in the heap until
                    // a full GC; this one does not (ReleasingDataReader). Its h2c upgrade limits header
                    // blocks as prior knowledge does (HeaderBlockFrameLimit).
                    .addConnectionSelector(LimitedUpgradeSelector.create(WebServer.DEFAULT_SOCKET_NAME,
                            Http1Config.create(), http2, List.of(guardedGrpc), http2Connections))
                    .routing(r -> {
                        RequestHeaderDeadline.install(r); // first: it marks requests past their headers
                        drain.install(r);
                        ServerRoutes.http(r, registry, config.limits(), config.repositoryAccess(), guard);
                    })
                    .addRouting(grpcRouting(registry, config, guard, drain).intercept(drain.grpcInterceptor()))
                    .build()
                    .start();
            if (server.port() < 0) { // Helidon logs a failed bind and starts without the listener
                server.stop();
                throw new PortUnavailableException("cannot listen on " + config.host() + ":" + config.port()
                        + " (see the log above)", null);
            }
            if (config.security().tls()) {
                tlsFiles = Optional.of(TlsFiles.watch(server, config.security()));
            }
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return new ServerMain(server, registry, config, tlsFiles, drain, http2Connections);
    }

    /** Once per start: which JPEG decoder frames go through, and if it is ImageIO, why (TurboJPEG not found …). */
    private static void reportJpegDecoder() {
        JpegBackend jpeg = ImageDecoder.jpegBackend();
        LOG.log(jpeg.decoder().isPresent() ? Level.INFO : Level.WARNING, jpeg.description());
    }

    private static GrpcRouting.Builder grpcRouting(ModelRegistry registry, ServerConfig config, RequestGuard guard,
                                                   Drain drain) {
        GrpcRouting.Builder b = GrpcRouting.builder().intercept(new GrpcAuthentication(guard.authentication()));
        ServerRoutes.grpc(b, registry, config.limits(), config.repositoryAccess(), drain);
        return b;
    }

    private static Supplier<List<ModelSource>> sources(ServerConfig config, Supplier<List<ModelSource>> fallback) {
        if (config.repository().isPresent()) {
            Path root = config.repository().get();
            ModelRepository.scan(root);
            return () -> ModelRepository.scan(root);
        }
        if (config.model().isPresent()) {
            Path p = config.model().get();
            Path xml = Files.isDirectory(p) ? p.resolve("model.xml") : p;
            if (!Files.isRegularFile(xml)) {
                throw new IllegalArgumentException("model " + xml + " does not exist");
            }
            String name = config.modelName().orElseGet(() -> defaultName(xml));
            return () -> List.of(ModelRepository.single(name, "1", xml));
        }
        return fallback;
    }

    /** A model served alone is named after its directory: {@code …/mobilenet/model.xml} → mobilenet. */
    static String defaultName(Path xml) {
        Path dir = xml.toAbsolutePath().getParent();
        return dir == null || dir.getFileName() == null ? "model" : dir.getFileName().toString();
    }

    public int port() {
        return server.port();
    }

    public String url() {
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        return (config.security().tls() ? "https://" : "http://") + host + ":" + server.port() + "/";
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** What {@link #close()} drains with: whether the drain has begun, and what it still waits for. */
    public Drain drain() {
        return drain;
    }

    /** Stops on SIGTERM / SIGINT the same way {@link #close()} does. */
    public void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "edge-shutdown"));
    }

    /**
     * Graceful stop: every HTTP/2 connection gets a GOAWAY, {@link Drain} lets admitted requests finish and ends
     * the camera streams after their last frame's reply (within {@code drain-ms}) while answering new requests
     * 503 / UNAVAILABLE with {@code Connection: close}, then the
     * listener and connections close, then every model retires and its engine releases its native resources.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("stopping: finishing " + drain.inFlight() + " in-flight requests and ending " + drain.openStreams()
                + " camera streams, refusing new ones");
        int goneAway = http2Connections.goAway();
        if (goneAway > 0) {
            LOG.info("told " + goneAway + " HTTP/2 connections the server is going away (GOAWAY)");
        }
        try {
            if (!drain.drain(config.drainMillis(), Math.min(250, config.drainMillis()))) {
                LOG.warning("drain period of " + config.drainMillis() + " ms over with " + drain.inFlight()
                        + " requests (" + drain.grpcInFlight() + " gRPC) and " + drain.openStreams()
                        + " camera streams still running; they are cut off");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
        tlsFiles.ifPresent(TlsFiles::close);
        registry.close();
        LOG.info("stopped");
    }
}
