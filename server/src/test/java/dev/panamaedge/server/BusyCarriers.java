package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks that CPU-bound work entered from virtual threads leaves their carriers free: one virtual thread per
 * carrier enters the code under test, which ends in {@link #spin} (busy, never parking, until released), and a
 * further virtual thread must still get to run. Where the work holds its carrier, that thread never runs.
 */
final class BusyCarriers {
    private final AtomicBoolean release = new AtomicBoolean();
    private final AtomicInteger spinning = new AtomicInteger();

    /** Carrier threads of the virtual-thread scheduler: its documented default is the processor count. */
    static int count() {
        return Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
    }

    /** The work under test: keeps its thread busy, without parking, until the check is over. */
    boolean spin() {
        spinning.incrementAndGet();
        while (!release.get()) {
            Thread.onSpinWait();
        }
        return true;
    }

    /** Runs {@code enter} on one virtual thread per carrier, then checks that another virtual thread runs. */
    void assertFreeWhileEachRuns(Callable<?> enter) throws InterruptedException {
        int carriers = count();
        List<Thread> computing = new ArrayList<>();
        try {
            for (int i = 0; i < carriers; i++) {
                computing.add(Thread.ofVirtual().start(() -> {
                    try {
                        enter.call();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            awaitSpinning(Math.min(carriers, Runtime.getRuntime().availableProcessors()));
            CountDownLatch ran = new CountDownLatch(1);
            Thread.ofVirtual().start(ran::countDown);
            assertTrue(ran.await(30, TimeUnit.SECONDS), "a virtual thread found no free carrier");
        } finally {
            release.set(true);
        }
        for (Thread t : computing) {
            assertTrue(t.join(Duration.ofSeconds(30)));
        }
    }

    private void awaitSpinning(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (spinning.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + spinning.get() + " of " + n + " started computing");
            }
            Thread.sleep(1);
        }
    }
}
