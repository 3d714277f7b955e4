package dev.panamaedge.tools.cli;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What the closed and open loops ({@link ClosedLoopLoad}, {@link FixedRateLoad}) drive: something that sends one
 * request (a tensor inference, a classify, a camera frame) and completes with its status, never exceptionally.
 */
interface LoadSender extends AutoCloseable {
    /** Status of a camera frame the server dropped for a newer one of its stream: neither success nor failure. */
    String DROPPED = "DROPPED";

    /**
     * Sends one request without waiting: completes with its status ("OK", "200", a gRPC code name, or
     * {@code CLIENT_…}). A completion may run on a transport thread and whatever is chained onto it must not block.
     */
    CompletableFuture<String> sendAsync();

    /** The first message of each kind of failure this client saw. */
    FailureSamples failureSamples();

    /** True for a status that is a checked, valid reply. */
    default boolean isSuccess(String status) {
        return status.equals("OK") || status.equals("200");
    }

    /** True for a frame the server dropped by design (drop-oldest camera streams); not a failure. */
    default boolean isDropped(String status) {
        return status.equals(DROPPED);
    }

    @Override
    void close();

    /**
     * Closes a sender's {@code http} without waiting for exchanges: every measured request has answered by then,
     * and {@link HttpClient#close()} waits for all of them with no bound (it hung once after a server stopped
     * mid-run, in {@code LoadtestCommandTest}, with every client's last request already answered).
     */
    static void closeNow(HttpClient http) {
        http.shutdownNow();
        try {
            if (!http.awaitTermination(Duration.ofSeconds(10))) {
                System.getLogger(LoadSender.class.getName()).log(System.Logger.Level.WARNING,
                        "an HTTP client of the load test did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
