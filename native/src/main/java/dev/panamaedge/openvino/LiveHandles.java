package dev.panamaedge.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts native OpenVINO objects that are alive: incremented when a handle is born, decremented by the
 * cleanup that frees it. Tests assert zero after closing everything; a leak shows up as a positive count.
 */
final class LiveHandles {
    private static final AtomicLong COUNT = new AtomicLong();

    private LiveHandles() {
    }

    /**
     * The birth idiom: reads the object pointer an OpenVINO call wrote into {@code outPointer} and gives it
     * {@code arena}'s lifetime with {@code free} as cleanup, so the object is freed when the arena closes.
     *
     * @throws IllegalStateException if OpenVINO reported success but wrote NULL
     */
    static MemorySegment attach(MemorySegment outPointer, Arena arena, Consumer<MemorySegment> free) {
        MemorySegment raw = outPointer.get(C_POINTER, 0);
        if (raw.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("OpenVINO returned OK but a NULL object");
        }
        COUNT.incrementAndGet();
        return raw.reinterpret(arena, segment -> {
            try {
                free.accept(segment);
            } finally {
                COUNT.decrementAndGet();
            }
        });
    }

    /** An OpenVINO call that writes a new object's pointer to {@code out} and returns a status. */
    interface Creator {
        int invoke(MemorySegment out);
    }

    /**
     * Calls {@code creator} with an out-pointer in {@code arena}, checks its status as {@code function}, and
     * attaches {@code free}: the object lives exactly as long as {@code arena}.
     */
    static MemorySegment create(Arena arena, String function, Creator creator, Consumer<MemorySegment> free) {
        MemorySegment out = arena.allocate(C_POINTER);
        Status.check(function, creator.invoke(out));
        return attach(out, arena, free);
    }

    /** Native objects currently alive in this process. */
    static long count() {
        return COUNT.get();
    }
}
