package dev.panamaedge.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The lifetime of one native handle: its owner arena, an idempotent thread-safe close, and the open
 * children the handle closes first.
 *
 * <p>Every downcall that passes the handle runs inside {@link #use}, which holds a read lock and checks
 * that the handle is open; {@link #close} takes the write lock, so it waits for calls in flight instead of
 * freeing memory under them. Without the lock a concurrent close would make {@link Arena#close()} fail
 * while a downcall holds the segment (the JDK's safety net), leaving the handle half closed.
 *
 * <p>A call that uses two handles takes their read locks parent first (core, model or compiled model,
 * request, tensor): the order in which a parent's close takes its children's write locks, so the two can
 * never wait on each other in a cycle.
 */
final class Lifetime {
    private final String typeName;
    private final Arena arena;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<AutoCloseable> children = ConcurrentHashMap.newKeySet();

    /**
     * @param typeName public type name for messages, e.g. {@code InferRequest}
     * @param arena    the shared owner arena; the handle's free function is attached to it
     */
    Lifetime(String typeName, Arena arena) {
        this.typeName = typeName;
        this.arena = arena;
    }

    Arena arena() {
        return arena;
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Reads an out-pointer written by a {@code ov_*_create}-style call and attaches {@code free} to this
     * handle's arena, in one step: from here on the object is freed exactly once, when the arena closes.
     */
    MemorySegment own(MemorySegment outPointer, Consumer<MemorySegment> free) {
        return LiveHandles.attach(outPointer, arena, free);
    }

    /** Runs {@code body} while the handle is open; throws {@link IllegalStateException} once closed. */
    <T> T use(Supplier<T> body) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    void run(Runnable body) {
        use(() -> {
            body.run();
            return null;
        });
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(typeName + " is closed");
        }
    }

    /** Registers a child closed before this handle; call inside {@link #use} so none slips in after close. */
    void adopt(AutoCloseable child) {
        children.add(child);
    }

    /** Forgets a child that closed on its own. */
    void forget(AutoCloseable child) {
        children.remove(child);
    }

    /**
     * Runs {@code beforeFree} (waits for asynchronous work), closes open children, then closes the arena,
     * which runs the free functions. Only the first call does anything; later calls return at once, even
     * while the first is still closing.
     *
     * @return true if this call closed the handle
     * @throws IllegalStateException if called from inside one of this handle's own calls
     */
    boolean close(Runnable beforeFree) {
        if (lock.getReadHoldCount() > 0) {
            // A read lock cannot be upgraded; waiting for the write lock here would deadlock.
            throw new IllegalStateException(typeName + " cannot be closed from inside one of its own calls");
        }
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        RuntimeException failure = null;
        lock.writeLock().lock();
        try {
            try {
                beforeFree.run();
            } catch (RuntimeException e) {
                failure = chain(failure, e);
            }
            for (AutoCloseable child : List.copyOf(children)) {
                try {
                    child.close();
                } catch (Exception e) {
                    failure = chain(failure, e);
                }
            }
            children.clear();
            arena.close();
        } finally {
            lock.writeLock().unlock();
        }
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    private RuntimeException chain(RuntimeException first, Exception next) {
        if (first == null) {
            return next instanceof RuntimeException r ? r
                    : new IllegalStateException("closing a child of " + typeName + " failed", next);
        }
        first.addSuppressed(next);
        return first;
    }

    /** Open children, for tests and for parents that need them (e.g. waiting on requests). */
    List<AutoCloseable> children() {
        return new ArrayList<>(children);
    }
}
