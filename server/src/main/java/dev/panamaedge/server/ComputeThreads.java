package dev.panamaedge.server;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Platform threads, one per core, for CPU-bound work that never parks: reference-engine inference and image
 * decoding.
 *
 * <p>Why: requests are handled on virtual threads, and {@code edge serve} gives them few carrier threads (one
 * per four cores). Work that computes for tens of milliseconds on a virtual thread holds its carrier all that
 * time, and with it the I/O of every other connection, health checks and metrics included. Handed to these
 * threads, the same work leaves the request's virtual thread parked and its carrier free. The native engine
 * does not need this: its callers park while OpenVINO's own threads compute.
 *
 * <p>The pool's size also bounds how many images are decoded at once; the memory they hold is bounded by the
 * decoding budget ({@link RequestMemory}), reserved before a decode is handed here.
 */
final class ComputeThreads {
    private static final int SIZE = Math.max(1, Runtime.getRuntime().availableProcessors());

    private ComputeThreads() {
    }

    /** Created on first use, so a server with only native models starts no such threads. */
    private static final class Pool {
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(SIZE,
                Thread.ofPlatform().daemon().name("edge-compute-", 0).factory());
    }

    /**
     * Runs {@code work} on a compute thread when called from a virtual thread, and waits for it; a platform
     * thread has no carrier to free, so it runs {@code work} itself.
     *
     * <p>The wait is not cut short by an interrupt: the work may be using an engine that its caller's queue
     * slot keeps open, so the caller returns only once the work is over, with its interrupt status kept.
     *
     * @throws Exception whatever {@code work} throws, unwrapped
     */
    static <T> T call(Callable<T> work) throws Exception {
        if (!Thread.currentThread().isVirtual()) {
            return work.call();
        }
        Future<T> result = Pool.EXECUTOR.submit(work);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrowable(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Exception rethrowable(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof Exception exception) {
            return exception;
        }
        return new IllegalStateException(cause);
    }
}
