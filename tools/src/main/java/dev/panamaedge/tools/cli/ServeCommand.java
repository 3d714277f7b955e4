package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.server.ModelRepository;
import dev.panamaedge.server.ModelSource;
import dev.panamaedge.server.ServerConfig;
import dev.panamaedge.server.ServerMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edge serve}: KServe v2 over HTTP and gRPC on one port, image classification, camera streams and a
 * web page. Without {@code --model} or {@code --repository} it serves the pretrained ImageNet MobileNetV2 when the
 * model store has it ({@code edge models pull mobilenet_v2_imagenet}), else the embedded default MobileNetV2,
 * whose seeded weights are untrained: it says so on stderr, in the model metadata and on the web page.
 * Prints the URL on stdout, then runs until SIGTERM / Ctrl-C, which stops it gracefully.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = EdgeVersion.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"1:could not start: the port is in use or cannot be bound, or no model could be loaded",
                "2:usage error: bad option or configuration, missing model or repository",
                "143:stopped by SIGTERM after the graceful drain (130: Ctrl-C), the JVM's signal status"},
        description = "Serve models over KServe v2 (HTTP and gRPC on one port), with /classify, a web page at /"
                + " and Prometheus metrics at /metrics. Settings: --config FILE, then EDGE_* variables, then flags.")
final class ServeCommand implements Callable<Integer> {
    /** The name the default model is served under, pretrained or seeded, so clients need not change. */
    static final String DEFAULT_NAME = "mobilenet_v2";

    @Option(names = "--model", paramLabel = "MODEL", description = "one model.xml (or its directory) to serve")
    Path model;

    @Option(names = "--repository", paramLabel = "DIR",
            description = "model repository: DIR/<model>/<version>/model.xml, reloaded when files change")
    Path repository;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP and gRPC port (default 8080; 0 picks one)")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST",
            description = "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)")
    String host;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with an 'edge:' node")
    Path config;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "native or reference (default native)")
    String engine;

    @Option(names = "--device", paramLabel = "DEVICE", description = "OpenVINO device (default CPU)")
    String device;

    @Option(names = "--hint", paramLabel = "HINT", description = "LATENCY or THROUGHPUT (default THROUGHPUT)")
    String hint;

    @Option(names = "--queue-capacity", paramLabel = "N",
            description = "requests that may wait per model beyond the running ones (default 64)")
    Integer queueCapacity;

    @Option(names = "--max-batch-size", paramLabel = "N",
            description = "dynamic batching: rows per inference, as Triton's max_batch_size (default 1: off)")
    Integer maxBatchSize;

    @Option(names = "--preferred-batch-sizes", paramLabel = "SIZES",
            description = "dynamic batching: batch sizes dispatched at once, e.g. 4,8 (default: only the maximum)")
    String preferredBatchSizes;

    @Option(names = "--max-queue-delay", paramLabel = "MICROS",
            description = "dynamic batching: longest wait for company, in microseconds (default 0)")
    Long maxQueueDelay;

    @Option(names = "--shadow-sample-rate", paramLabel = "RATE",
            description = "fraction of requests re-run on the reference engine for validation (default 0)")
    Double shadowRate;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "OpenVINO compiled-model cache directory (default: .ov-cache in the model store; none: off)")
    Path cacheDir;

    @Option(names = "--repository-control", paramLabel = "MODE", description = "clients may load/unload models: "
            + "auto (only while listening on loopback; default), on, off")
    String repositoryControl;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "certificate chain (PEM) for TLS on the serving port; with --tls-key; reloaded on change")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "private key (PKCS#8 PEM) of --tls-cert")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM",
            description = "CA certificates (PEM): a client certificate they signed authenticates (mutual TLS)")
    Path tlsClientCa;

    @Option(names = "--auth-tokens", paramLabel = "FILE",
            description = "bearer tokens, one per line: a request must carry one (or a client certificate)")
    Path authTokens;

    @Option(names = "--allowed-hosts", paramLabel = "NAMES",
            description = "extra Host names (comma-separated) a loopback server answers besides localhost")
    String allowedHosts;

    @Option(names = "--allowed-origins", paramLabel = "ORIGINS",
            description = "browser origins (comma-separated, or *) allowed to call the server cross-origin")
    String allowedOrigins;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            // OpenVINO's compiled-model cache lives in the model store unless a source says otherwise
            // ("none" turns it off): a restart then skips compiling, the bulk of a cold start.
            Map<String, String> defaults = Map.of("cache-dir",
                    ModelStore.fromEnvironment().root().resolve(".ov-cache").toString());
            ServerConfig cfg;
            ServerMain server;
            try {
                cfg = ServerConfig.load(Optional.ofNullable(config), System.getenv(), flags(), defaults);
                server = ServerMain.start(cfg, new dev.panamaedge.server.Engines(),
                        embeddedDefault(spec.commandLine().getErr()));
            } catch (IllegalArgumentException e) {
                // A bad setting, a missing config file, model or repository: the user's to fix, exit 2.
                throw new UsageException(Failures.describe(e));
            }
            CountDownLatch stopped = new CountDownLatch(1);
            AtomicInteger exit = new AtomicInteger(Failures.EXIT_OK);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                // JUL's own shutdown hook may already have reset the log handlers, so the last word goes
                // to stderr directly.
                spec.commandLine().getErr().println("edge: stopped");
                spec.commandLine().getErr().flush();
                stopped.countDown();
            }, "edge-serve-shutdown"));
            spec.commandLine().getOut().println("panama-edge serving at " + server.url()
                    + "  (KServe v2 HTTP + gRPC on port " + server.port() + "; metrics at " + server.url()
                    + "metrics)");
            spec.commandLine().getOut().flush();
            Thread.ofPlatform().daemon().name("ready-report").start(() -> {
                if (!reportReady(server)) {
                    exit.set(Failures.EXIT_FAILED);
                    server.close();
                    stopped.countDown();
                }
            });
            stopped.await();
            return exit.get();
        });
    }

    /** The default model as the server's fallback source, chosen in the loader thread (see {@link #defaultModel}). */
    private static Supplier<List<ModelSource>> embeddedDefault(PrintWriter err) {
        return () -> {
            try {
                return List.of(ModelRepository.single(DEFAULT_NAME, "1", defaultModel(ModelStore.fromEnvironment(), err)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * The model {@code serve} serves when none is named: the pretrained {@value ModelStore#PRETRAINED_NAME} when
     * {@code store} holds it, else the seeded MobileNetV2 (generated on first use), saying plainly on {@code err}
     * that its weights are untrained and which command brings real ones.
     */
    static Path defaultModel(ModelStore store, PrintWriter err) throws IOException {
        var pretrained = store.pretrained();
        if (pretrained.isPresent()) {
            err.println("edge: serving the pretrained model " + pretrained.get().getParent() + " as " + DEFAULT_NAME);
            err.flush();
            return pretrained.get();
        }
        Path xml = store.ensureMobileNetV2(ModelStore.DEFAULT_SPEC, ModelStore.DEFAULT_SEED);
        err.println("edge: serving the embedded default model " + xml.getParent() + " as " + DEFAULT_NAME + ": "
                + ModelStore.UNTRAINED_NOTICE + ", then restart serve");
        err.flush();
        return xml;
    }

    /**
     * Waits for the first load and says how it went on stderr: ready, or not ready because some models failed.
     *
     * @return false when no model at all could be loaded: there is nothing to serve, so serve stops with exit
     *         1 and the first failure as its one-line cause (a repository's later reloads cannot help a server
     *         that a supervisor should restart or an operator fix)
     */
    private boolean reportReady(ServerMain server) {
        try {
            server.registry().awaitLoaded(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            return true;
        }
        var err = spec.commandLine().getErr();
        if (!server.registry().isReady()) {
            Optional<String> failure = Optional.empty();
            boolean anyReady = false;
            for (String name : server.registry().names()) {
                try {
                    anyReady |= server.registry().isReady(name, Optional.empty());
                    server.registry().resolve(name, Optional.empty());
                } catch (RuntimeException e) {
                    failure = failure.or(() -> Optional.of(Failures.describe(e)));
                }
            }
            if (server.registry().names().isEmpty()) {
                err.println("edge: not ready: the repository has no model yet; it is re-scanned for new ones");
                err.flush();
                return true;
            }
            if (!anyReady) {
                err.println(spec.qualifiedName() + ": error: no model could be loaded: " + failure.orElse("?"));
                err.flush();
                return false;
            }
            err.println("edge: not ready: some models failed to load: " + failure.orElse("?") + " (see the log)");
            err.flush();
            return true;
        }
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        err.println("edge: ready (models " + server.registry().names() + ") " + sinceStart + " ms after JVM start");
        err.flush();
        return true;
    }

    /**
     * The settings the command line gives, read from picocli's model of this command so that each option is
     * declared once: every option given, keyed by its long name without {@code --} (ServerConfig's key), except
     * {@code --config}, which names the file rather than a setting, and the help and version flags.
     */
    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            Object value = option.getValue();
            if (value != null && !option.usageHelp() && !option.versionHelp()
                    && !option.longestName().equals("--config")) {
                flags.put(option.longestName().substring("--".length()), value.toString());
            }
        }
        return flags;
    }
}
