package dev.panamaedge.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Drop-oldest per stream, made deterministic by holding the processor on the first frame. */
final class LatestFrameSlotTest {

    @Test
    void framesArrivingWhileBusyKeepOnlyTheNewestAndCountTheRest() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch drained = new CountDownLatch(1);
        List<String> processed = new CopyOnWriteArrayList<>();
        LatestFrameSlot<Integer> slot = new LatestFrameSlot<>((frame, since, total) -> {
            processed.add(frame + ":" + since + ":" + total);
            if (frame == 0) {
                firstStarted.countDown();
                try {
                    releaseFirst.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, Executors.newVirtualThreadPerTaskExecutor(), drained::countDown);

        assertFalse(slot.offer(0));
        assertTrue(firstStarted.await(30, TimeUnit.SECONDS));
        assertFalse(slot.offer(1));
        assertTrue(slot.offer(2));
        assertTrue(slot.offer(3));
        assertTrue(slot.offer(4));
        assertTrue(slot.offer(5));
        slot.close();
        releaseFirst.countDown();
        assertTrue(drained.await(30, TimeUnit.SECONDS));

        assertEquals(List.of("0:0:0", "5:4:4"), processed);
        assertEquals(4, slot.droppedTotal());
    }

    @Test
    void closingAnIdleStreamCompletesAtOnce() throws Exception {
        CountDownLatch drained = new CountDownLatch(1);
        LatestFrameSlot<Integer> slot = new LatestFrameSlot<>((f, s, t) -> { }, Runnable::run, drained::countDown);
        slot.close();
        assertEquals(0, drained.getCount());
    }

    @Test
    void twoStreamsDoNotWaitForEachOther() throws Exception {
        CountDownLatch slowHeld = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        CountDownLatch fastDone = new CountDownLatch(3);
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        LatestFrameSlot<Integer> slow = new LatestFrameSlot<>((f, s, t) -> {
            slowHeld.countDown();
            try {
                releaseSlow.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, executor, () -> { });
        LatestFrameSlot<Integer> fast = new LatestFrameSlot<>((f, s, t) -> fastDone.countDown(), executor, () -> { });
        slow.offer(1);
        assertTrue(slowHeld.await(30, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            fast.offer(i);
            // each fast frame is processed before the next is offered, so none is dropped
            while (fastDone.getCount() > 2 - i) {
                Thread.onSpinWait();
            }
        }
        assertEquals(0, fastDone.getCount());
        assertEquals(0, fast.droppedTotal());
        releaseSlow.countDown();
    }
}
