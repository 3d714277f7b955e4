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

    /** A processor that records "frame:since:total" and holds on frame 0 until released. */
    private static final class HeldFirstFrame implements LatestFrameSlot.Processor<Integer> {
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        final List<String> processed = new CopyOnWriteArrayList<>();

        @Override
        public void process(Integer frame, long since, long total) {
            processed.add(frame + ":" + since + ":" + total);
            if (frame == 0) {
                firstStarted.countDown();
                try {
                    releaseFirst.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void framesArrivingWhileBusyKeepOnlyTheNewestAndCountTheRest() throws Exception {
        HeldFirstFrame held = new HeldFirstFrame();
        CountDownLatch drained = new CountDownLatch(1);
        LatestFrameSlot<Integer> slot = new LatestFrameSlot<>(held, Executors.newVirtualThreadPerTaskExecutor(),
                how -> drained.countDown());

        assertFalse(slot.offer(0));
        assertTrue(held.firstStarted.await(30, TimeUnit.SECONDS));
        assertFalse(slot.offer(1));
        assertTrue(slot.offer(2));
        assertTrue(slot.offer(3));
        assertTrue(slot.offer(4));
        assertTrue(slot.offer(5));
        slot.close();
        held.releaseFirst.countDown();
        assertTrue(drained.await(30, TimeUnit.SECONDS));

        assertEquals(List.of("0:0:0", "5:4:4"), held.processed);
        assertEquals(4, slot.droppedTotal());
    }

    @Test
    void endingAnswersTheFramesTakenAndDropsLaterOnes() throws Exception {
        HeldFirstFrame held = new HeldFirstFrame();
        List<LatestFrameSlot.Ending> endings = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        LatestFrameSlot<Integer> slot = new LatestFrameSlot<>(held, Executors.newVirtualThreadPerTaskExecutor(),
                how -> {
                    endings.add(how);
                    ended.countDown();
                });

        assertFalse(slot.offer(0));
        assertTrue(held.firstStarted.await(30, TimeUnit.SECONDS));
        assertFalse(slot.offer(1)); // waits while 0 is processed
        slot.end();
        assertTrue(slot.offer(2), "a frame offered after the end is dropped");
        slot.close(); // the client half-closing afterwards changes nothing
        assertEquals(1, ended.getCount(), "ends only after the frames it took");
        held.releaseFirst.countDown();
        assertTrue(ended.await(30, TimeUnit.SECONDS));

        assertEquals(List.of("0:0:0", "1:0:0"), held.processed);
        assertEquals(List.of(LatestFrameSlot.Ending.SERVER_ENDED), endings);
    }

    @Test
    void endingAnIdleStreamEndsAtOnceAndAClosedOneStaysClosed() {
        List<LatestFrameSlot.Ending> endings = new CopyOnWriteArrayList<>();
        LatestFrameSlot<Integer> idle = new LatestFrameSlot<>((f, s, t) -> { }, Runnable::run, endings::add);
        idle.end();
        idle.end();
        LatestFrameSlot<Integer> closed = new LatestFrameSlot<>((f, s, t) -> { }, Runnable::run, endings::add);
        closed.close();
        closed.end();
        assertEquals(List.of(LatestFrameSlot.Ending.SERVER_ENDED, LatestFrameSlot.Ending.CLIENT_CLOSED), endings);
    }

    @Test
    void closingAnIdleStreamCompletesAtOnce() throws Exception {
        CountDownLatch drained = new CountDownLatch(1);
        LatestFrameSlot<Integer> slot = new LatestFrameSlot<>((f, s, t) -> { }, Runnable::run, how -> drained.countDown());
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
        }, executor, how -> { });
        LatestFrameSlot<Integer> fast = new LatestFrameSlot<>((f, s, t) -> fastDone.countDown(), executor, how -> { });
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
