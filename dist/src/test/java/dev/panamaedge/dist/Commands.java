package dev.panamaedge.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end, its output to a temporary file quoted in the error when it fails or hangs. */
final class Commands {
    private Commands() {
    }

    static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("edge-dist-test", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeout + ": "
                        + tail(Files.readString(log)));
            }
            String out = Files.readString(log);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + tail(out));
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String tail(String text) {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }
}
