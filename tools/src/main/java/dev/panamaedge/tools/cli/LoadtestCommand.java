package dev.panamaedge.tools.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
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
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Load-test a running server over loopback: throughput, p50/p90/p99 latency, errors.")
final class LoadtestCommand implements Callable<Integer> {
    @Option(names = "--target", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "server base URL; loopback addresses only (default: ${DEFAULT-VALUE})")
    URI target;

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "grpc",
            description = "grpc (raw_input_contents) or http (binary tensor extension) (default: ${DEFAULT-VALUE})")
    String protocol;

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
                    + " each scheduled send; a request due while C are in flight is not sent and counts as "
                    + FixedRateLoad.BACKLOG)
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
     * CPU over the measured window (null when the JVM cannot tell).
     */
    record LoadtestReport(int schemaVersion, String target, String protocol, String model, String mode,
                          int concurrency, int connections, Double offeredRate, int durationSeconds, long requests, long errors,
                          Map<String, Long> statusCounts, double requestsPerSecond, LatencySummary latencyMillis,
                          Double clientCpuCores, Double clientCpuMillisPerRequest) {
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
                if (report.clientCpuMillisPerRequest() != null) {
                    out.printf("load generator CPU: %.2f cores, %.3f ms per request%n", report.clientCpuCores(),
                            report.clientCpuMillisPerRequest());
                }
                out.flush();
            }
            return report.errors() == 0 ? Failures.EXIT_OK : Failures.EXIT_FAILED;
        });
    }

    private void check() throws Exception {
        if (!protocol.equals("grpc") && !protocol.equals("http")) {
            throw usage("--protocol must be grpc or http, got " + protocol);
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
        List<LoadClient> clients = new ArrayList<>();
        // By default one gRPC channel (one HTTP/2 connection) per four clients, as a camera fleet would open them.
        for (int i = 0; i < connectionCount(); i++) {
            clients.add(LoadClient.create(target, protocol, model));
        }
        try {
            long warmupNanos = warmup * 1_000_000_000L;
            long durationNanos = duration * 1_000_000_000L;
            OwnCpu cpu = OwnCpu.over(System.nanoTime() + warmupNanos, durationNanos);
            if (rate != null) {
                FixedRateLoad.Outcome o = FixedRateLoad.run(clients, rate, concurrency, warmupNanos, durationNanos);
                return report("open", o.statuses(), o.latencies(), cpu.nanos());
            }
            ClosedLoopLoad.Outcome o = ClosedLoopLoad.run(clients, concurrency, warmupNanos, durationNanos);
            return report("closed", o.statuses(), o.latencies(), cpu.nanos());
        } finally {
            clients.forEach(LoadClient::close);
        }
    }

    int connectionCount() {
        return connections != null ? connections : Math.max(1, concurrency / 4);
    }

    /**
     * The load generator's own CPU time (all its threads, user and system) over the measured window: it shares
     * the cores with the server on loopback, so what it spends is what the server cannot have.
     */
    private static final class OwnCpu {
        private final CompletableFuture<Long> nanos = new CompletableFuture<>();

        static OwnCpu over(long from, long durationNanos) {
            OwnCpu cpu = new OwnCpu();
            Thread.ofVirtual().name("loadtest-cpu").start(() -> {
                try {
                    sleepUntil(from);
                    long before = processCpuNanos();
                    sleepUntil(from + durationNanos);
                    cpu.nanos.complete(processCpuNanos() - before);
                } catch (InterruptedException e) {
                    cpu.nanos.complete(-1L);
                }
            });
            return cpu;
        }

        /** The CPU nanoseconds, or -1 when the JVM cannot tell. */
        long nanos() throws Exception {
            return nanos.get(10, TimeUnit.SECONDS);
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

    private LoadtestReport report(String mode, Map<String, Long> byStatus, long[] latencies, long cpuNanos) {
        long requests = byStatus.values().stream().mapToLong(Long::longValue).sum();
        long errors = requests - latencies.length;
        Double cpuPerRequest = cpuNanos < 0 || requests == 0 ? null : cpuNanos / 1e6 / requests;
        return new LoadtestReport(1, target.toString(), protocol, model, mode, concurrency, connectionCount(), rate,
                duration, requests, errors, byStatus, latencies.length / (double) duration,
                latencies.length == 0 ? null : LatencySummary.ofNanos(latencies),
                cpuNanos < 0 ? null : cpuNanos / 1e9 / duration, cpuPerRequest);
    }
}
