package dev.panamaedge.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs OpenVINO's own {@code benchmark_app} (from the project venv) on the same IR with the same device
 * and hint, and reads its JSON statistics report. It is the yardstick for the native engine's overhead.
 *
 * <p>benchmark_app reports one latency percentile per run (the median by default), plus mean, min and
 * max; p90 and p99 are therefore absent from its result.
 */
final class BenchmarkApp {
    private BenchmarkApp() {
    }

    /** {@code <edge.project.dir>/.venv/bin/benchmark_app} if present, else {@code benchmark_app} on the PATH. */
    static Path locate() {
        String project = System.getProperty("edge.project.dir");
        if (project != null) {
            Path inVenv = Path.of(project, ".venv", "bin", "benchmark_app");
            if (Files.isExecutable(inVenv)) {
                return inVenv;
            }
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "benchmark_app"))) {
                return Path.of(dir, "benchmark_app");
            }
        }
        throw new IllegalStateException("benchmark_app not found in " + project + "/.venv/bin or on PATH;"
                + " run ./edge once to create the venv (openvino wheel)");
    }

    /** The command line used for one run: same IR, device, hint and duration as the Java engines. */
    static List<String> command(Path executable, Path modelXml, String device, String hint,
                                Optional<String> precision, int seconds, Path reportDir) {
        return command(executable, modelXml, device, hint, precision, seconds, reportDir, 1);
    }

    /** As above at {@code -b batch} when {@code batch > 1} (benchmark_app then reshapes the model to it). */
    static List<String> command(Path executable, Path modelXml, String device, String hint,
                                Optional<String> precision, int seconds, Path reportDir, int batch) {
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "-m", modelXml.toString(), "-d", device,
                "-hint", hint, "-t", Integer.toString(seconds)));
        if (batch > 1) {
            cmd.addAll(List.of("-b", Integer.toString(batch)));
        }
        precision.ifPresent(p -> cmd.addAll(List.of("-infer_precision", p)));
        cmd.addAll(List.of("-report_type", "no_counters", "-report_folder", reportDir.toString(), "-json_stats"));
        return List.copyOf(cmd);
    }

    static BenchResult run(Path modelXml, String device, String hint, Optional<String> precision, int seconds)
            throws IOException, InterruptedException {
        return run(modelXml, device, hint, precision, seconds, 1);
    }

    /** As above at batch {@code batch}; its throughput counts images, batch × iterations per second. */
    static BenchResult run(Path modelXml, String device, String hint, Optional<String> precision, int seconds,
                           int batch) throws IOException, InterruptedException {
        Path executable = locate();
        Path reportDir = Files.createTempDirectory("edge-benchmark-app");
        Path log = reportDir.resolve("benchmark_app.log");
        List<String> cmd = command(executable, modelXml, device, hint, precision, seconds, reportDir, batch);
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // Reading and compiling the model comes on top of the measured time.
        if (!process.waitFor(seconds + 300L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("benchmark_app did not finish within " + (seconds + 300) + " s; log: " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("benchmark_app exited with " + process.exitValue() + ": "
                    + lastLines(log, 3) + " (full log: " + log + ")");
        }
        Path report = reportDir.resolve("benchmark_report.json");
        if (!Files.exists(report)) {
            throw new IllegalStateException("benchmark_app wrote no " + report + "; log: " + log);
        }
        return parseReport(Files.readString(report, StandardCharsets.UTF_8), String.join(" ", cmd));
    }

    /** Reads benchmark_app's {@code -json_stats} report (every value is a string there). */
    static BenchResult parseReport(String json, String commandLine) throws IOException {
        JsonNode root = CliJson.MAPPER.readTree(json);
        JsonNode results = root.path("execution_results");
        JsonNode setup = root.path("configuration_setup");
        if (results.isMissingNode()) {
            throw new IOException("benchmark_app report has no execution_results: " + json);
        }
        double throughput = number(results, "throughput");
        long iterations = (long) number(results, "total number of iterations");
        double durationMillis = number(results, "total execution time (ms)");
        int requests = (int) number(setup, "number of parallel infer requests");
        var latency = new LatencySummary(number(results, "latency (ms)"), null, null, number(results, "avg latency"),
                number(results, "min latency"), number(results, "max latency"));
        return new BenchResult("benchmark_app", requests, iterations, durationMillis / 1000.0, throughput, latency,
                "OpenVINO benchmark_app, API " + setup.path("API").asText("?") + "; reports the median only: "
                        + commandLine);
    }

    private static double number(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IOException("benchmark_app report lacks '" + field + "'");
        }
        try {
            return Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new IOException("benchmark_app report field '" + field + "' is not a number: " + v, e);
        }
    }

    private static String lastLines(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
