package dev.panamaedge.tools.cli;

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
}
