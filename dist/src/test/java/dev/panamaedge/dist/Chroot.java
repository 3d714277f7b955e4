package dev.panamaedge.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process run in a Debian root under chroot, as a gateway would run it: its own mount namespace with
 * {@code /proc}, {@code /sys} and {@code /dev} (OpenVINO reads the CPU topology there; the mounts vanish with the
 * process) and an environment of exactly {@code env}. The host's network is shared, so a server in the root
 * answers on the host's loopback. {@code unshare} execs into {@code sh}, which execs {@code chroot}, which execs
 * the command: the process started here is the command itself, so a signal reaches it and its exit code is
 * the command's.
 */
final class Chroot implements AutoCloseable {
    private static final String SETUP = "mount -t proc proc \"$0/proc\" && mount --bind /sys \"$0/sys\""
            + " && mount --bind /dev \"$0/dev\" && exec chroot \"$0\" /usr/bin/env -i \"$@\"";

    private final Process process;
    private final Path output;

    private Chroot(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code command} in {@code root}; its stdout and stderr go to {@code output}. */
    static Chroot start(Path root, Map<String, String> env, List<String> command, Path output) throws IOException {
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "sh", "-c", SETUP, root.toString()));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(command);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new Chroot(p, output);
    }

    /**
     * Starts a server ({@code command}) in {@code root} and waits until it is ready, as the systemd unit does:
     * with {@code bin/edge-wait-ready} run in the root itself (on {@code env}'s PATH), which returns once
     * {@code /v2/health/ready} on {@code port} answers 200. Fails the test with both outputs if it never does.
     */
    static Chroot serveReady(Path root, Map<String, String> env, List<String> command, int port, Path output)
            throws Exception {
        Chroot server = start(root, env, command, output);
        try {
            var wait = run(root, Map.of("PATH", env.get("PATH"), "EDGE_PORT", Integer.toString(port)),
                    List.of("/opt/panama-edge/bin/edge-wait-ready", "240"), Duration.ofMinutes(5));
            assertEquals(0, wait.exitCode(), "edge-wait-ready: " + wait.output() + "\nserver: " + server.output());
            assertTrue(server.isAlive(), server.output());
            assertEquals(200, ServedPhotos.status(port, "/v2/health/ready"));
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /** Runs {@code command} in {@code root} to its end and returns its exit code and output. */
    static Result run(Path root, Map<String, String> env, List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("edge-chroot", ".log");
        try (Chroot c = start(root, env, command, out)) {
            if (!c.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(command + " in " + root + " did not finish in " + timeout + ": " + c.output());
            }
            return new Result(c.process.exitValue(), c.output());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** An exit code and what the command printed. */
    record Result(int exitCode, String output) {
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Commands.tail(Files.readString(output));
    }

    /** SIGTERM, then the exit code once it has stopped (within {@code timeout}, else it is killed and this throws). */
    int terminate(Duration timeout) throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("no exit within " + timeout + " of SIGTERM: " + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
