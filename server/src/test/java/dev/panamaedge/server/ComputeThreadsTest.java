package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Work handed to {@link ComputeThreads} from virtual threads runs on platform threads, so virtual threads
 * computing at once on every carrier still leave the carriers free for others.
 */
final class ComputeThreadsTest {
    @Test
    void virtualThreadsComputingOnEveryCarrierLeaveTheCarriersFree() throws Exception {
        BusyCarriers carriers = new BusyCarriers();
        carriers.assertFreeWhileEachRuns(() -> ComputeThreads.call(carriers::spin));
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
