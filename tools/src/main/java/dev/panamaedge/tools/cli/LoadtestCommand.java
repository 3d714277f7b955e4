package dev.panamaedge.tools.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edge loadtest}: load against a running {@code edge serve}. Closed loop by default: C clients each send
 * the next raw-tensor inference as soon as the last one answers (after a failure, once a short back-off has passed,
 * see {@link ErrorBackoff}), for S seconds (saturation throughput). With
 * {@code --rate R}, open loop: R requests per second at fixed intervals, at most C in flight (latency at a
 * given load, see {@link FixedRateLoad}). Bounded in time and aimed only at loopback addresses.
 *
 * <p>With {@code --images DIR}, real frames instead of a random tensor: the files of DIR in turn (or, with
 * {@code --raw WxH}, raw RGB frames made from them once at start) to HTTP {@code /classify}, gRPC {@code Classify}
 * or, with {@code --protocol stream}, to C concurrent camera streams ({@code ClassifyStream}), where the server
 * classifies each stream's newest frame and drops older waiting ones: frames sent, classified and dropped are
 * counted apart, and frames per second counts classified frames. Every run also reports the server's time per
 * frame by stage from its {@code /metrics} and, when its process is known, its CPU per frame ({@link ServerShare}).
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Load-test a running server over loopback: throughput, p50/p90/p99 latency, errors.")
final class LoadtestCommand implements Callable<Integer> {
    /** With {@code --rate} and {@code --protocol stream}: the most frames one camera has unanswered. */
    static final int FRAMES_PER_CAMERA = 8;

    @Option(names = "--target", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "server base URL; loopback addresses only (default: ${DEFAULT-VALUE})")
    URI target;

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "grpc",
            description = "grpc (raw_input_contents; with --images, EdgeVision Classify), http (binary tensor extension;"
                    + " with --images, /classify) or stream (camera streams, needs --images) (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--images", paramLabel = "DIR",
            description = "send real frames: the .jpg/.jpeg/.png/.bmp files of DIR in turn, each reply checked to be a"
                    + " valid classification")
    Path images;

    @Option(names = "--raw", paramLabel = "WxH",
            description = "with --images: send raw RGB frames of W x H pixels, made from the images once at start")
    String raw;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "the server's process, for its CPU per frame (default: the local process listening on the"
                    + " --target port, when this user can see it)")
    Integer serverPid;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "mobilenet_v2",
            description = "model name (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "4",
            description = "concurrent clients, 1..256; with --rate, the most requests in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--connections", paramLabel = "N",
            description = "gRPC channels (HTTP/2 connections; for http, HTTP clients) the clients share, 1..C"
                    + " (default: one per four clients)")
    Integer connections;

    @Option(names = "--rate", paramLabel = "R",
            description = "open loop: R requests per second at fixed intervals (0 < R <= 100000), latency counted from"
                    + " each scheduled send; a request due while C are in flight (for stream: C cameras with "
                    + FRAMES_PER_CAMERA + " unanswered frames each) is not sent and counts as " + FixedRateLoad.BACKLOG)
    Double rate;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "10",
            description = "measured seconds, 1..600 (default: ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "2",
            description = "unmeasured seconds first, 0..60 (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @Spec
    CommandSpec spec;

    /**
     * The JSON report. {@code clientCpuCores} and {@code clientCpuMillisPerRequest} are this load generator's own
     * CPU over the measured window (null when the JVM cannot tell). With {@code --images}: {@code images},
     * {@code raw} (null for encoded files) and the frames sent, classified (valid replies), dropped by the server
     * and failed; {@code requestsPerSecond} counts classified frames. {@code server} is the server's time per
     * frame by stage and its CPU per frame ({@link ServerShare.PerFrame}; fields null when unknown).
     * {@code failureSamples} gives the first message seen for each failure status, warm-up included
     * ({@link FailureSamples}).
     */
    record LoadtestReport(int schemaVersion, String target, String protocol, String model, String mode,
                          int concurrency, int connections, Double offeredRate, int durationSeconds, long requests, long errors,
                          Map<String, Long> statusCounts, double requestsPerSecond, LatencySummary latencyMillis,
                          Double clientCpuCores, Double clientCpuMillisPerRequest, String images, String raw,
                          Long framesSent, Long framesClassified, Long framesDropped, Long framesFailed,
                          ServerShare.PerFrame server, Map<String, String> failureSamples) {
    }

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            check();
            LoadtestReport report = run();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                CliJson.print(out, report);
            } else {
                LatencySummary l = report.latencyMillis();
                String load = report.offeredRate() == null ? report.concurrency() + " clients"
                        : String.format("open loop at %.1f req/s, at most %d in flight", report.offeredRate(),
                        report.concurrency());
                out.printf("%s %s %s: %s, %d s: %d requests, %.1f req/s, %d errors %s%n", report.target(),
                        report.protocol(), report.model(), load, report.durationSeconds(),
                        report.requests(), report.requestsPerSecond(), report.errors(), report.statusCounts());
                report.failureSamples().forEach((status, message) -> out.printf("first %s: %s%n", status, message));
                if (report.offeredRate() == null && report.errors() > 0) {
                    // The error count is bounded by the back-off, not by how fast the target fails: say so.
                    out.printf("after each failed request a client waited before its next: %d ms, doubling with"
                            + " each failure in a row up to %d ms%n", ErrorBackoff.FIRST_NANOS / 1_000_000,
                            ErrorBackoff.MAX_NANOS / 1_000_000);
                }
                if (l != null) {
                    out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  mean %.2f  max %.2f%n", l.p50(), l.p90(),
                            l.p99(), l.mean(), l.max());
                }
                if (report.framesSent() != null) {
                    out.printf("frames: %d sent, %d classified, %d dropped by the server for newer ones, %d failed%n",
                            report.framesSent(), report.framesClassified(), report.framesDropped(),
                            report.framesFailed());
                }
                ServerShare.PerFrame s = report.server();
                if (s != null && s.frames() > 0) {
                    out.printf("server per frame (%d inferences): decode %s, preprocess %s, queue wait %s,"
                            + " inference %s ms; CPU %s%n", s.frames(), ms(s.decodeMillis()), ms(s.preprocessMillis()),
                            ms(s.queueWaitMillis()), ms(s.inferenceMillis()), s.cpuMillis() == null
                            ? "unknown (no server process found; --server-pid PID)"
                            : String.format("%.3f ms (pid %d, %.2f cores)", s.cpuMillis(), s.pid(), s.cpuCores()));
                    if (s.ownOverOpenVino() != null) {
                        out.printf("server CPU per frame: OpenVINO's threads %.3f ms, the rest %.3f ms (%.1f %% of"
                                + " OpenVINO's)%n", s.openVinoCpuMillis(), s.ownCpuMillis(), 100 * s.ownOverOpenVino());
                    }
                }
                if (report.clientCpuMillisPerRequest() != null) {
                    out.printf("load generator CPU: %.2f cores, %.3f ms per request%n", report.clientCpuCores(),
                            report.clientCpuMillisPerRequest());
                }
                out.flush();
            }
            return report.errors() == 0 ? Failures.EXIT_OK : Failures.EXIT_FAILED;
        });
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format("%.3f", v);
    }

    private void check() throws Exception {
        if (!protocol.equals("grpc") && !protocol.equals("http") && !protocol.equals("stream")) {
            throw usage("--protocol must be grpc, http or stream, got " + protocol);
        }
        if (protocol.equals("stream") && images == null) {
            throw usage("--protocol stream sends camera frames: give them with --images DIR");
        }
        if (raw != null && images == null) {
            throw usage("--raw makes raw frames from the images of --images DIR: give it too");
        }
        if (raw != null) {
            try {
                FrameSet.RawSize.parse(raw);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (concurrency < 1 || concurrency > 256) {
            throw usage("--concurrency must be in 1..256, got " + concurrency);
        }
        if (connections != null && (connections < 1 || connections > concurrency)) {
            throw usage("--connections must be in 1..--concurrency (" + concurrency + "), got " + connections);
        }
        if (duration < 1 || duration > 600 || warmup < 0 || warmup > 60) {
            throw usage("--duration must be in 1..600 and --warmup in 0..60");
        }
        if (rate != null && !(rate > 0 && rate <= 100_000)) {
            throw usage("--rate must be in (0, 100000] requests per second, got " + rate);
        }
        if (target.getHost() == null || target.getPort() < 0) {
            throw usage("--target needs a host and port, e.g. http://127.0.0.1:8080");
        }
        for (InetAddress a : InetAddress.getAllByName(target.getHost())) {
            if (!a.isLoopbackAddress()) {
                throw usage("--target must be a loopback address (127.0.0.0/8, ::1, localhost); " + target.getHost()
                        + " resolves to " + a.getHostAddress());
            }
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private LoadtestReport run() throws Exception {
        List<LoadSender> clients = new ArrayList<>();
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            if (images == null) {
                // By default one gRPC channel (one HTTP/2 connection) per four clients, as a camera fleet would.
                for (int i = 0; i < connectionCount(); i++) {
                    clients.add(LoadClient.create(target, protocol, model));
                }
            } else {
                requireModel();
                FrameSet frames = FrameSet.read(images, raw == null ? null : FrameSet.RawSize.parse(raw));
                for (int i = 0; i < connectionCount(); i++) {
                    if (protocol.equals("http")) {
                        clients.add(ImageClient.http(target, model, frames));
                    } else {
                        channels.add(ManagedChannelBuilder.forAddress(target.getHost(), target.getPort())
                                .usePlaintext().maxInboundMessageSize(64 << 20).build());
                    }
                }
                if (protocol.equals("grpc")) {
                    channels.forEach(c -> clients.add(ImageClient.grpc(c, model, frames)));
                } else if (protocol.equals("stream")) {
                    // One camera per client, so a closed-loop client has its own stream.
                    for (int i = 0; i < concurrency; i++) {
                        clients.add(new StreamClient(channels.get(i % channels.size()), model, frames));
                    }
                }
            }
            long warmupNanos = warmup * 1_000_000_000L;
            long durationNanos = duration * 1_000_000_000L;
            Integer pid = serverPid != null ? serverPid : ServerProcess.listeningOn(target.getPort()).orElse(null);
            Window window = Window.over(System.nanoTime() + warmupNanos, durationNanos,
                    new ServerShare(target, model, pid));
            if (rate != null) {
                // A camera sends at its frame rate whatever the server does; its frames stay unanswered until their
                // reply, or a later frame's, arrives, so the cap counts frames per camera.
                int maxInFlight = protocol.equals("stream") ? concurrency * FRAMES_PER_CAMERA : concurrency;
                FixedRateLoad.Outcome o = FixedRateLoad.run(clients, rate, maxInFlight, warmupNanos, durationNanos);
                return report("open", o.statuses(), o.latencies(), window.get(), FailureSamples.of(clients));
            }
            ClosedLoopLoad.Outcome o = ClosedLoopLoad.run(clients, concurrency, warmupNanos, durationNanos);
            return report("closed", o.statuses(), o.latencies(), window.get(), FailureSamples.of(clients));
        } finally {
            clients.forEach(LoadSender::close);
            for (ManagedChannel c : channels) {
                c.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Fails fast, with the server's answer, when the model is not served. */
    private void requireModel() throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> meta = http.send(HttpRequest.newBuilder(target.resolve("/v2/models/" + model)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (meta.statusCode() != 200) {
                throw new IllegalArgumentException("model metadata for '" + model + "' answered "
                        + meta.statusCode() + ": " + meta.body());
            }
        }
    }

    int connectionCount() {
        return connections != null ? connections : Math.max(1, concurrency / 4);
    }

    /** What the measured window cost: the load generator's own CPU (-1 when unknown) and the server's share. */
    private record Measured(long ownCpuNanos, ServerShare.PerFrame server) {
    }

    /**
     * Snapshots at the start and end of the measured window: the load generator's own CPU time (all its threads,
     * user and system; it shares the cores with the server on loopback, so what it spends is what the server
     * cannot have) and the server's metrics and CPU ({@link ServerShare}).
     */
    private static final class Window {
        private final CompletableFuture<Measured> measured = new CompletableFuture<>();

        static Window over(long from, long durationNanos, ServerShare server) {
            Window w = new Window();
            Thread.ofVirtual().name("loadtest-window").start(() -> {
                try {
                    sleepUntil(from);
                    long before = processCpuNanos();
                    ServerShare.Snapshot first = server.snapshot();
                    long t0 = System.nanoTime();
                    sleepUntil(from + durationNanos);
                    long cpu = processCpuNanos();
                    ServerShare.Snapshot last = server.snapshot();
                    w.measured.complete(new Measured(before < 0 ? -1 : cpu - before,
                            server.between(first, last, (System.nanoTime() - t0) / 1e9)));
                } catch (InterruptedException e) {
                    w.measured.complete(new Measured(-1, null));
                } catch (RuntimeException e) {
                    w.measured.completeExceptionally(e);
                }
            });
            return w;
        }

        Measured get() throws Exception {
            return measured.get(30, TimeUnit.SECONDS);
        }

        private static void sleepUntil(long due) throws InterruptedException {
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                Thread.sleep(Duration.ofNanos(due - now));
            }
        }

        private static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }
    }

    private LoadtestReport report(String mode, Map<String, Long> byStatus, long[] latencies, Measured measured,
                                  Map<String, String> failureSamples) {
        long requests = byStatus.values().stream().mapToLong(Long::longValue).sum();
        long dropped = byStatus.getOrDefault(LoadSender.DROPPED, 0L);
        long errors = requests - latencies.length - dropped;
        long cpuNanos = measured.ownCpuNanos();
        Double cpuPerRequest = cpuNanos < 0 || requests == 0 ? null : cpuNanos / 1e6 / requests;
        boolean frames = images != null;
        long notSent = byStatus.getOrDefault(FixedRateLoad.BACKLOG, 0L);
        return new LoadtestReport(1, target.toString(), protocol, model, mode, concurrency, connectionCount(), rate,
                duration, requests, errors, byStatus, latencies.length / (double) duration,
                latencies.length == 0 ? null : LatencySummary.ofNanos(latencies),
                cpuNanos < 0 ? null : cpuNanos / 1e9 / duration, cpuPerRequest,
                frames ? images.toString() : null, raw, frames ? requests - notSent : null,
                frames ? (long) latencies.length : null, frames ? dropped : null,
                frames ? errors - notSent : null, measured.server(), failureSamples);
    }
}
