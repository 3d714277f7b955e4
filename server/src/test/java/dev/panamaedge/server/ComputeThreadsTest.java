package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Work handed to {@link ComputeThreads} from virtual threads runs on platform threads, so virtual threads
 * computing at once on every carrier still leave the carriers free for others.
 */
final class ComputeThreadsTest {
    /** Carrier threads of the virtual-thread scheduler: its documented default is the processor count. */
    static int carriers() {
        return Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
    }

    @Test
    void virtualThreadsComputingOnEveryCarrierLeaveTheCarriersFree() throws Exception {
        int carriers = carriers();
        AtomicBoolean release = new AtomicBoolean();
        AtomicInteger spinning = new AtomicInteger();
        List<Thread> computing = new ArrayList<>();
        try {
            for (int i = 0; i < carriers; i++) {
                computing.add(Thread.ofVirtual().start(() -> {
                    try {
                        ComputeThreads.call(() -> spinUntil(release, spinning));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            // Without the hand-off, these spins would hold every carrier and the thread below would never run.
            awaitAtLeast(spinning, Math.min(carriers, Runtime.getRuntime().availableProcessors()));
            CountDownLatch ran = new CountDownLatch(1);
            Thread.ofVirtual().start(ran::countDown);
            assertTrue(ran.await(30, TimeUnit.SECONDS), "a virtual thread found no free carrier");
        } finally {
            release.set(true);
        }
        for (Thread t : computing) {
            assertTrue(t.join(java.time.Duration.ofSeconds(30)));
        }
    }

    @Test
    void workFromAVirtualThreadRunsOnAComputeThread() throws Exception {
        AtomicReference<Thread> worker = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                worker.set(ComputeThreads.call(Thread::currentThread));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).join();
        assertFalse(worker.get().isVirtual());
        assertTrue(worker.get().getName().startsWith("edge-compute-"), worker.get().getName());
    }

    @Test
    void aPlatformThreadRunsTheWorkItself() throws Exception {
        assertSame(Thread.currentThread(), ComputeThreads.call(Thread::currentThread));
    }

    @Test
    void theWorksExceptionArrivesUnwrapped() throws Exception {
        IllegalArgumentException thrown = new IllegalArgumentException("bad input");
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                ComputeThreads.call(() -> {
                    throw thrown;
                });
            } catch (Exception e) {
                caught.set(e);
            }
        }).join();
        assertSame(thrown, caught.get());
    }

    @Test
    void anInterruptedCallerReturnsOnlyAfterTheWorkAndKeepsItsInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<String> seen = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                String result = ComputeThreads.call(() -> {
                    started.countDown();
                    release.await();
                    finished.set(true);
                    return "done";
                });
                seen.set(result + ", finished " + finished.get() + ", interrupted "
                        + Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                seen.set(e.toString());
            }
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
        caller.interrupt();
        awaitWaiting(caller);
        release.countDown();
        caller.join();
        assertEquals("done, finished true, interrupted true", seen.get());
    }

    static boolean spinUntil(AtomicBoolean release, AtomicInteger spinning) {
        spinning.incrementAndGet();
        while (!release.get()) {
            Thread.onSpinWait();
        }
        return true;
    }

    static void awaitAtLeast(AtomicInteger count, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + count.get() + " of " + n + " started computing");
            }
            Thread.sleep(1);
        }
    }

    /** Waits until {@code t} waits again, which after an interrupt means it went back to waiting. */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != Thread.State.WAITING && t.isAlive()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("caller never waited: " + t.getState());
            }
            Thread.sleep(1);
        }
    }
}
