package dev.panamaedge.tools.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edge loadtest}: load against a running {@code edge serve}. Closed loop by default: C clients each send
 * the next raw-tensor inference as soon as the last one answers, for S seconds (saturation throughput). With
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

    /** The JSON report. */
    record LoadtestReport(int schemaVersion, String target, String protocol, String model, String mode,
                          int concurrency, Double offeredRate, int durationSeconds, long requests, long errors,
                          Map<String, Long> statusCounts, double requestsPerSecond, LatencySummary latencyMillis) {
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
                if (l != null) {
                    out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  mean %.2f  max %.2f%n", l.p50(), l.p90(),
                            l.p99(), l.mean(), l.max());
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
        // One gRPC channel (one HTTP/2 connection) per four clients, as a camera fleet would open them.
        for (int i = 0; i < Math.max(1, concurrency / 4); i++) {
            clients.add(LoadClient.create(target, protocol, model));
        }
        try {
            if (rate != null) {
                FixedRateLoad.Outcome o = FixedRateLoad.run(clients, rate, concurrency, warmup * 1_000_000_000L,
                        duration * 1_000_000_000L);
                return report("open", o.statuses(), o.latencies());
            }
            long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
            long end = warmupEnd + duration * 1_000_000_000L;
            Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
            List<long[]> latencies = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            int[] counts = new int[concurrency];
            for (int c = 0; c < concurrency; c++) {
                LoadClient client = clients.get(c % clients.size());
                long[] mine = new long[1 << 16];
                latencies.add(mine);
                int index = c;
                threads.add(Thread.ofPlatform().name("load-" + c).start(() -> {
                    long[] buffer = mine;
                    int n = 0;
                    try {
                        while (true) {
                            long start = System.nanoTime();
                            if (start >= end) {
                                break;
                            }
                            String status = client.send();
                            long done = System.nanoTime();
                            if (start >= warmupEnd && done <= end) {
                                statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                                if (client.isSuccess(status)) {
                                    if (n == buffer.length) {
                                        buffer = Arrays.copyOf(buffer, n * 2);
                                        latencies.set(index, buffer);
                                    }
                                    buffer[n++] = done - start;
                                }
                            }
                        }
                    } catch (Exception e) {
                        statuses.computeIfAbsent("CLIENT_" + e.getClass().getSimpleName(), k -> new LongAdder())
                                .increment();
                    }
                    counts[index] = n;
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            long total = 0;
            for (int c = 0; c < concurrency; c++) {
                total += counts[c];
            }
            long[] all = new long[(int) total];
            int at = 0;
            for (int c = 0; c < concurrency; c++) {
                System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
                at += counts[c];
            }
            Map<String, Long> byStatus = new TreeMap<>();
            statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
            return report("closed", byStatus, all);
        } finally {
            clients.forEach(LoadClient::close);
        }
    }

    private LoadtestReport report(String mode, Map<String, Long> byStatus, long[] latencies) {
        long requests = byStatus.values().stream().mapToLong(Long::longValue).sum();
        long errors = requests - latencies.length;
        return new LoadtestReport(1, target.toString(), protocol, model, mode, concurrency, rate, duration, requests,
                errors, byStatus, latencies.length / (double) duration,
                latencies.length == 0 ? null : LatencySummary.ofNanos(latencies));
    }
}
