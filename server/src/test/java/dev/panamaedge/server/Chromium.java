package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium for browser tests: found at {@code EDGE_CHROMIUM} or as {@code chromium} /
 * {@code chromium-browser} / {@code google-chrome} on the PATH, started with a fresh profile and the
 * DevTools endpoint on a free loopback port. Absent Chromium skips the calling test outside CI and fails it
 * with {@code CI=true} (the CI entry point {@code .ci/run} installs Debian's {@code chromium}).
 */
final class Chromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final URI endpoint;
    private final StringBuffer log;

    private Chromium(Process process, Path profile, URI endpoint, StringBuffer log) {
        this.process = process;
        this.profile = profile;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** The browser-level DevTools WebSocket URL. */
    URI endpoint() {
        return endpoint;
    }

    /** What Chromium wrote on stderr so far, for failure messages. */
    String log() {
        return log.toString();
    }

    static Path executable() {
        String configured = System.getenv("EDGE_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isExecutable(p)) {
                fail("EDGE_CHROMIUM=" + configured + " is not an executable file");
            }
            return p;
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        String reason = "no Chromium (chromium, chromium-browser or google-chrome on the PATH, or EDGE_CHROMIUM);"
                + " on Debian: apt-get install -y chromium";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " (CI=true: .ci/run installs it when running as root)");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    /** Starts headless Chromium on about:blank and waits (bounded) until its DevTools endpoint listens. */
    static Chromium start(Duration timeout) throws Exception {
        Path profile = Files.createTempDirectory("edge-chromium-");
        List<String> command = new ArrayList<>(List.of(executable().toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1000,900",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        // Chromium announces its endpoint on stderr; the reader keeps draining so the pipe never fills.
        Thread.ofPlatform().daemon().name("chromium-stderr").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(URI.create(m.group(1)));
                    }
                }
                listening.completeExceptionally(new IllegalStateException("Chromium exited before listening"));
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
        });
        try {
            URI endpoint = listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Chromium(process, profile, endpoint, log);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            new Chromium(process, profile, null, log).close();
            throw new AssertionError("Chromium's DevTools endpoint did not come up within " + timeout + ":\n" + log, e);
        }
    }

    /** Stops Chromium and its helper processes (all started by us), then removes the profile. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        // Best effort: a profile left in the temp directory harms nothing, so it never fails the test.
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove the Chromium profile " + profile + ": " + e);
        }
    }
}
