package dev.panamaedge.tools.quant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs executables of the project's Python venv ({@code ovc}, {@code python}): first
 * {@code <edge.project.dir>/.venv/bin}, then a {@code .venv/bin} in the working directory or above it, then
 * the {@code PATH}.
 */
final class VenvTool {
    private VenvTool() {
    }

    /** Output and exit status of one finished run. */
    record Run(int exitCode, String output) {
        String tail(int lines) {
            List<String> all = output.lines().filter(l -> !l.isBlank()).toList();
            return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    static Path locate(String name) {
        List<Path> tried = new ArrayList<>();
        String project = System.getProperty("edge.project.dir");
        if (project != null) {
            tried.add(Path.of(project, ".venv", "bin", name));
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            tried.add(d.resolve(".venv").resolve("bin").resolve(name));
        }
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                tried.add(Path.of(dir, name));
            }
        }
        for (Path p : tried) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " not found (tried " + tried.size() + " places, first "
                + tried.getFirst() + "); run ./edge once to create the project venv from tools/python/requirements.txt");
    }

    /** Runs a command to completion, stdout and stderr merged; kills it after {@code timeoutSeconds}. */
    static Run run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("edge-tool-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(command.getFirst() + " did not finish within " + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
