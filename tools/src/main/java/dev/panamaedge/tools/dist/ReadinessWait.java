package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;

/**
 * {@code bin/edge-wait-ready SECONDS URL}: polls a readiness URL until it answers 200, at most SECONDS. The
 * systemd unit runs it as {@code ExecStartPost} because a JVM cannot signal readiness through sd_notify. It asks
 * with {@link HttpURLConnection}, which is in {@code java.base}, so a gateway needs no curl and the distribution's
 * runtime no {@code java.net.http} (0.6 MB). Exit 0 once ready, 1 on timeout, 2 on bad arguments.
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
        URL url;
        try {
            seconds = Long.parseLong(args[0]);
            url = URI.create(args[1]).toURL();
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            System.err.println("edge-wait-ready: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(awaitReady(url, Duration.ofSeconds(seconds)) ? 0 : 1);
    }

    /** True once {@code url} answers 200 within {@code timeout}; false (with the last answer on stderr) if not. */
    static boolean awaitReady(URL url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                int status = status(url);
                if (status == 200) {
                    return true;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(POLL);
        }
        System.err.println("edge-wait-ready: " + url + " not ready after " + timeout.toSeconds() + " s (" + last + ")");
        return false;
    }

    private static int status(URL url) throws IOException {
        var connection = (HttpURLConnection) url.openConnection(java.net.Proxy.NO_PROXY);
        try {
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(5_000);
            connection.setUseCaches(false);
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }
}
