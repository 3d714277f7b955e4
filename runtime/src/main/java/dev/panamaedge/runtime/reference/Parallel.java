package dev.panamaedge.runtime.reference;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits a kernel's independent work units (output channels, row blocks, spatial tiles) across a dedicated
 * pool sized to the cores, never the common pool a server shares.
 *
 * <p>The calling thread is one of the workers: it claims chunks from the same counter as the pool threads, so
 * a call never waits for a pool thread that has not started (no deadlock when several runs share the pool,
 * and a pool that is shut down mid-run only means the caller does the remaining chunks itself).
 */
final class Parallel implements AutoCloseable {
    /** Below this much work (roughly multiply-adds) handing chunks to other threads costs more than it saves. */
    private static final long MIN_PARALLEL_WORK = 1 << 15;
    private static final int CHUNKS_PER_THREAD = 4;

    private final int threads;
    private final ExecutorService pool;

    /** A body over the half-open unit range {@code [from, to)}. */
    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    Parallel(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, daemonThreads(name));
    }

    /** A single-threaded instance, for constant folding at load time. */
    static Parallel serial() {
        return new Parallel(1, "serial");
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over {@code [0, units)}, split into contiguous chunks. Returns when every chunk has
     * finished; the first failure of any chunk is rethrown on the caller.
     *
     * @param workPerUnit rough cost of one unit, used only to keep small jobs on the calling thread
     */
    void forRange(int units, long workPerUnit, RangeTask task) {
        if (units <= 0) {
            return;
        }
        if (pool == null || units == 1 || (long) units * Math.max(1, workPerUnit) < MIN_PARALLEL_WORK) {
            task.run(0, units);
            return;
        }
        Job job = new Job(units, Math.min(units, threads * CHUNKS_PER_THREAD), task);
        int helpers = Math.min(threads - 1, job.chunks - 1);
        for (int i = 0; i < helpers; i++) {
            try {
                pool.execute(job);
            } catch (RejectedExecutionException closed) {
                break; // engine closing: the caller finishes the chunks itself
            }
        }
        job.run();
        job.await();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Job implements Runnable {
        private final int units;
        private final int chunks;
        private final RangeTask task;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch finished;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int units, int chunks, RangeTask task) {
            this.units = units;
            this.chunks = chunks;
            this.task = task;
            this.finished = new CountDownLatch(chunks);
        }

        @Override
        public void run() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        task.run((int) ((long) units * c / chunks), (int) ((long) units * (c + 1) / chunks));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    finished.countDown();
                }
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    finished.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // chunks still write into our buffers: wait them out, then re-flag
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }
}
