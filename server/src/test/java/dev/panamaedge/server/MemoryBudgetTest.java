package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The budget's rules on their own: too large for the whole budget, busy, nested, given back. */
final class MemoryBudgetTest {
    private static final long MIB = 1L << 20;

    @Test
    void moreThanTheWholeBudgetIsPayloadTooLarge() {
        MemoryBudget budget = new MemoryBudget("decoding", 10 * MIB);
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
                () -> budget.reserve(10 * MIB + 1, "this image"));
        assertTrue(e.getMessage().contains("this image needs 10.0 MiB"), e.getMessage());
        assertEquals(0, budget.reservedBytes());
    }

    @Test
    void aThreadHoldingALeaseIsRefusedAtOnceInsteadOfWaiting() {
        MemoryBudget budget = new MemoryBudget("decoding", 10 * MIB);
        try (MemoryBudget.Lease outer = budget.reserve(8 * MIB, "a parse")) {
            assertEquals(8 * MIB, budget.reservedBytes());
            long start = System.nanoTime();
            QueueFullException e = assertThrows(QueueFullException.class, () -> budget.reserve(4 * MIB, "a decode"));
            assertTrue(e.getMessage().contains("busy"), e.getMessage());
            // refused without the 10 s wait (a wait would be a hold-and-wait that can block every holder)
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(MemoryBudget.WAIT_MILLIS));
            try (MemoryBudget.Lease inner = budget.reserve(2 * MIB, "a small decode")) {
                assertEquals(10 * MIB, budget.reservedBytes());
            }
        }
        assertEquals(0, budget.reservedBytes());
    }

    @Test
    void aWaitingReservationGetsTheBytesOnceTheyAreGivenBack() throws Exception {
        MemoryBudget budget = new MemoryBudget("decoding", 10 * MIB);
        MemoryBudget.Lease first = budget.reserve(6 * MIB, "one");
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            try (MemoryBudget.Lease l = budget.reserve(6 * MIB, "two")) {
                return budget.reservedBytes();
            }
        });
        assertFalse(second.isDone(), "6 + 6 MiB of a 10 MiB budget were held at once");
        first.close();
        first.close(); // idempotent: gives back once
        assertEquals(6 * MIB, second.get(MemoryBudget.WAIT_MILLIS, TimeUnit.MILLISECONDS));
        assertEquals(0, budget.reservedBytes());
    }

    @Test
    void shrinkGivesBackWhatAChunkedBodyDidNotUse() {
        MemoryBudget budget = new MemoryBudget("request bodies", 16 * MIB);
        try (MemoryBudget.Lease lease = budget.reserve(16 * MIB, "a chunked body")) {
            lease.shrinkTo(MIB);
            assertEquals(MIB, budget.reservedBytes());
            try (MemoryBudget.Lease other = budget.reserve(15 * MIB, "another body")) {
                assertEquals(16 * MIB, budget.reservedBytes());
            }
        }
        assertEquals(0, budget.reservedBytes());
    }
}
