package dev.panamaedge.server;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control for one model version: at most {@code concurrency} inferences run at once and at most
 * {@code capacity} more wait; a request beyond that is rejected at once with {@link QueueFullException},
 * never parked. Every admitted request runs to an answer.
 *
 * <p>Callers are Helidon's virtual threads, so waiting for a slot blocks only a virtual thread. Retiring
 * (on reload or shutdown) stops admission and then waits until every admitted request has finished, so the
 * engine behind it can be closed safely.
 */
final class InferenceQueue {
    private final String model;
    private final int concurrency;
    private final int capacity;
    private final Semaphore admitted;
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean retired;

    /** Signals that this queue was retired between lookup and admission; the caller retries elsewhere. */
    static final class RetiredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetiredException(String model) {
            super(model + " was retired");
        }
    }

    InferenceQueue(String model, int concurrency, int capacity) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("queue capacity must be non-negative, got " + capacity);
        }
        this.model = model;
        this.concurrency = concurrency;
        this.capacity = capacity;
        this.admitted = new Semaphore(concurrency + capacity);
        this.running = new Semaphore(concurrency, true);
    }

    /**
     * Runs {@code work} when a slot is free.
     *
     * @throws QueueFullException at once when {@code concurrency + capacity} requests are already admitted
     * @throws RetiredException   when the queue no longer admits
     */
    <T> T submit(Callable<T> work) throws Exception {
        if (retired) {
            throw new RetiredException(model);
        }
        if (!admitted.tryAcquire()) {
            throw fullException();
        }
        try {
            if (retired) {
                throw new RetiredException(model);
            }
            waiting.incrementAndGet();
            try {
                running.acquire();
            } finally {
                waiting.decrementAndGet();
            }
            inFlight.incrementAndGet();
            try {
                return work.call();
            } finally {
                inFlight.decrementAndGet();
                running.release();
            }
        } finally {
            admitted.release();
        }
    }

    /**
     * Admits {@code work} as {@link #submit} does (the same bound, the same immediate rejection, the same drain on
     * retire) but without a running slot: a {@link DynamicBatcher} decides when admitted requests run, and how
     * many engine inferences are in flight, itself.
     */
    <T> T admit(Callable<T> work) throws Exception {
        if (retired) {
            throw new RetiredException(model);
        }
        if (!admitted.tryAcquire()) {
            throw new QueueFullException("queue for model " + model + " is full (" + concurrency + " running, "
                    + capacity + " waiting); retry later");
        }
        try {
            if (retired) {
                throw new RetiredException(model);
            }
            return work.call();
        } finally {
            admitted.release();
        }
    }

    /** Requests admitted now (running or waiting, here or in a batcher). */
    int admittedNow() {
        return concurrency + capacity - admitted.availablePermits();
    }

    /**
     * Whether a request arriving now would be refused: a check without reserving a slot, so that a request can be
     * refused before its body is read (one that passes may still be refused by {@link #submit}).
     */
    boolean full() {
        return admitted.availablePermits() == 0;
    }

    QueueFullException fullException() {
        return new QueueFullException("queue for model " + model + " is full (" + concurrency + " running, "
                + capacity + " waiting); retry later");
    }

    int queueDepth() {
        return waiting.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    int concurrency() {
        return concurrency;
    }

    /**
     * Stops admission and waits up to {@code timeoutMillis} for admitted requests to finish.
     *
     * @return true if every admitted request finished in time
     */
    boolean retire(long timeoutMillis) throws InterruptedException {
        retired = true;
        int all = concurrency + capacity;
        if (admitted.tryAcquire(all, timeoutMillis, TimeUnit.MILLISECONDS)) {
            admitted.release(all);
            return true;
        }
        return false;
    }
}
