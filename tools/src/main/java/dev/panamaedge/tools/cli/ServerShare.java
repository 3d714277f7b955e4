package dev.panamaedge.tools.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The server's side of a load test, from two snapshots, at the start and end of the measured window: its
 * {@code /metrics} stage histograms for the model (decode, preprocess, queue wait, inference) and, when its
 * process is known, its CPU time from {@code /proc/<pid>/stat}. Divided by the inferences the server ran in the
 * window (the growth of {@code edge_inference_seconds_count}), they give the server's cost per frame by stage.
 *
 * <p>The CPU is also split by thread ({@code /proc/<pid>/task/*}): OpenVINO's threads, which inherit the name of
 * the Java thread that compiled the model ({@code model-loader}, the server's loader), and the rest of the
 * server (HTTP/2, gRPC, protobuf, copies, GC). The rest per request over OpenVINO's CPU per inference is what the
 * server itself costs beside the work it serves, a figure a shared box moves far less than requests per second.
 */
final class ServerShare {
    static final List<String> STAGES = List.of("edge_decode_seconds", "edge_preprocess_seconds",
            "edge_queue_wait_seconds", "edge_inference_seconds");
    /** Linux reports process times in USER_HZ ticks, 100 per second on every architecture the project runs on. */
    private static final double TICKS_PER_SECOND = 100;

    /** Threads OpenVINO starts take the name of the thread that created them: the server's model loader. */
    static final String OPENVINO_THREAD_PREFIX = "model-loader";

    /**
     * One snapshot: per stage its sum (seconds) and count, the server's CPU seconds, and of those the seconds of
     * OpenVINO's threads (both negative if unknown).
     */
    record Snapshot(double[] sums, long[] counts, double cpuSeconds, double openVinoCpuSeconds) {
    }

    /**
     * Per frame the server ran in the window: milliseconds in each stage (null for a stage the server did not
     * record), and its process CPU (null without a pid).
     */
    record PerFrame(long frames, Double decodeMillis, Double preprocessMillis, Double queueWaitMillis,
                    Double inferenceMillis, Integer pid, Double cpuMillis, Double cpuCores,
                    Double openVinoCpuMillis, Double ownCpuMillis, Double ownOverOpenVino) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI metrics;
    private final String model;
    private final Integer pid;

    ServerShare(URI target, String model, Integer pid) {
        this.metrics = target.resolve("/metrics");
        this.model = model;
        this.pid = pid;
    }

    /** Reads both sources now; a source that fails reads as absent (null), never as zero. */
    Snapshot snapshot() {
        double[] sums = new double[STAGES.size()];
        long[] counts = new long[STAGES.size()];
        try {
            String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (int i = 0; i < sums.length; i++) {
                sums[i] = value(text, STAGES.get(i) + "_sum");
                counts[i] = (long) value(text, STAGES.get(i) + "_count");
            }
        } catch (IOException e) {
            java.util.Arrays.fill(sums, Double.NaN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            java.util.Arrays.fill(sums, Double.NaN);
        }
        return new Snapshot(sums, counts, pid == null ? -1 : cpuSeconds(pid), pid == null ? -1 : openVinoCpuSeconds(pid));
    }

    /** The window between two snapshots {@code seconds} apart, per frame the server ran in it. */
    PerFrame between(Snapshot before, Snapshot after, double seconds) {
        int inference = STAGES.indexOf("edge_inference_seconds");
        long frames = after.counts()[inference] - before.counts()[inference];
        Double[] ms = new Double[STAGES.size()];
        for (int i = 0; i < ms.length; i++) {
            double d = after.sums()[i] - before.sums()[i];
            boolean recorded = after.counts()[i] > before.counts()[i];
            ms[i] = frames > 0 && recorded && !Double.isNaN(d) ? d * 1e3 / frames : null;
        }
        boolean cpuKnown = before.cpuSeconds() >= 0 && after.cpuSeconds() >= 0;
        double cpu = after.cpuSeconds() - before.cpuSeconds();
        boolean splitKnown = cpuKnown && frames > 0 && before.openVinoCpuSeconds() >= 0 && after.openVinoCpuSeconds() >= 0;
        double openVino = after.openVinoCpuSeconds() - before.openVinoCpuSeconds();
        // Threads that ended in the window take their CPU out of the split; never let the rest go below zero.
        double own = Math.max(0, cpu - openVino);
        return new PerFrame(frames, ms[0], ms[1], ms[2], ms[3], pid, cpuKnown && frames > 0 ? cpu * 1e3 / frames : null,
                cpuKnown ? cpu / seconds : null, splitKnown ? openVino * 1e3 / frames : null,
                splitKnown ? own * 1e3 / frames : null, splitKnown && openVino > 0 ? own / openVino : null);
    }

    /**
     * The value of {@code name{model="…",…}} summed over the model's versions (two serve side by side during a
     * reload), 0 when absent (a histogram not yet observed).
     */
    private double value(String text, String name) {
        String prefix = name + "{model=\"" + model + "\"";
        double sum = 0;
        for (String line : text.lines().toList()) {
            if (line.startsWith(prefix) && (line.charAt(prefix.length()) == ',' || line.charAt(prefix.length()) == '}')) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** utime + stime of the process, in seconds, or -1 when it cannot be read. */
    static double cpuSeconds(int pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Integer.toString(pid), "stat"))) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of the process's OpenVINO threads ({@link #OPENVINO_THREAD_PREFIX}), or -1 when unreadable. */
    static double openVinoCpuSeconds(int pid) {
        long ticks = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Integer.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    if (Files.readString(t.resolve("comm")).startsWith(OPENVINO_THREAD_PREFIX)) {
                        ticks += ticks(Files.readString(t.resolve("stat")));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * utime + stime from a {@code stat} line: the fields after the command name, which is in parentheses and may
     * itself hold spaces (state is field 3, utime 14 and stime 15).
     */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
