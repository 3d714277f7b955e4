package dev.panamaedge.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heap requests may hold at once, in two {@link MemoryBudget budgets}: a third for request bodies in flight,
 * two thirds for the working memory of image decodes and JSON tensor parses. Two, so that a request holding its
 * body while it waits for working memory never waits on another request that holds working memory while it waits
 * for a body (nobody does that: bodies are reserved first).
 *
 * <p>The default total is the heap the JVM may grow to ({@link Runtime#maxMemory()}) less {@link #RESERVED_BYTES},
 * what the server itself keeps live (models' metadata, Helidon, connections, metrics) plus room for the small
 * allocations no budget counts. Under {@code edge serve}'s {@code -Xmx320m} (Serial GC, one 16 MB survivor space
 * not counted) that is 304 − 80 = 224 MiB: 74 MiB of bodies (four 16 MiB bodies at once) and 149 MiB of working
 * memory (one 16 MP RGBA PNG, 7 bytes per pixel = 112 MB, or one JSON tensor of 16 MiB of numbers).
 *
 * <p>One instance per total per process ({@link #shared}): the HTTP and gRPC front ends share the heap, so they share
 * the budget.
 */
public record RequestMemory(MemoryBudget bodies, MemoryBudget working) {
    /** What the heap keeps for the server itself: its live set after start is ~10-30 MB (server/README.md). */
    public static final long RESERVED_BYTES = 80L << 20;
    /** The least default total, for a tiny heap: enough to serve ordinary requests one at a time. */
    private static final long LEAST_BYTES = 24L << 20;
    private static final Map<Long, RequestMemory> SHARED = new ConcurrentHashMap<>();

    /** The default total for this JVM's heap. */
    public static long defaultBytes() {
        return Math.max(LEAST_BYTES, Runtime.getRuntime().maxMemory() - RESERVED_BYTES);
    }

    /** The process's budgets of {@code totalBytes}, made on first use. */
    public static RequestMemory shared(long totalBytes) {
        return SHARED.computeIfAbsent(totalBytes, t -> new RequestMemory(new MemoryBudget("request bodies", t / 3),
                new MemoryBudget("decoding and parsing", t - t / 3)));
    }
}
