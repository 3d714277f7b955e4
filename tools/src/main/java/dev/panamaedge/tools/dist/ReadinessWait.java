package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code bin/edge-wait-ready SECONDS URL}: polls a readiness URL until it answers 200, at most SECONDS. The
 * systemd unit runs it as {@code ExecStartPost} because a JVM cannot signal readiness through sd_notify; it needs
 * only {@code java.net.http}, so a gateway needs no curl. Exit 0 once ready, 1 on timeout, 2 on bad arguments.
 */
public final class ReadinessWait {
    private static final Duration POLL = Duration.ofMillis(250);

    private ReadinessWait() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: edge-wait-ready SECONDS URL");
            System.exit(2);
        }
        long seconds;
        URI url;
        try {
            seconds = Long.parseLong(args[0]);
            url = URI.create(args[1]);
        } catch (IllegalArgumentException e) {
            System.err.println("edge-wait-ready: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(awaitReady(url, Duration.ofSeconds(seconds)) ? 0 : 1);
    }

    /** True once {@code url} answers 200 within {@code timeout}; false (with the last answer on stderr) if not. */
    static boolean awaitReady(URI url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build();
            while (System.nanoTime() < deadline) {
                try {
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        return true;
                    }
                    last = "HTTP " + status;
                } catch (IOException e) {
                    last = e.toString();
                }
                Thread.sleep(POLL);
            }
        }
        System.err.println("edge-wait-ready: " + url + " not ready after " + timeout.toSeconds() + " s (" + last + ")");
        return false;
    }
}
