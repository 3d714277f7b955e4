package dev.panamaedge.openvino;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What an {@link InferRequest} has set as each input, as far as Java must remember it. OpenVINO keeps its
 * own reference to every input tensor, but only Java knows whether the memory behind one is still alive, so
 * each inference asks here first.
 *
 * <p>An input is either a {@link Tensor} ({@link InferRequest#setInput(int, Tensor)}) or caller memory lent
 * for one blocking inference ({@link InferRequest#setInputMemory}). Lent memory is spent once an inference
 * has read it: OpenVINO still holds the pointer, but no inference may start on it again until the input is
 * set anew, so it is never read after the arena that owns it may have closed.
 *
 * <p>Outputs: for a model that passes an input straight through (Parameter → Result), OpenVINO's output
 * tensor is the input's memory itself. {@link #callerMemoryAt} finds such an output so it is read through
 * the caller's segment, which fails cleanly once that memory is freed.
 */
final class InputSlots {
    private sealed interface Slot permits Owned, Lent {
    }

    /** A tensor; wrapped tensors name their caller memory ({@link Tensor#hostMemory()}). */
    private record Owned(Tensor tensor) implements Slot {
    }

    /** Caller memory for the next blocking inference; {@code spent} once an inference has read it. */
    private record Lent(MemorySegment memory, boolean spent) implements Slot {
    }

    private final List<PortInfo> ports;
    private final AtomicReferenceArray<Slot> slots;

    InputSlots(List<PortInfo> ports) {
        this.ports = ports;
        this.slots = new AtomicReferenceArray<>(ports.size());
    }

    /** Whether {@code tensor} itself is what input {@code index} holds now. */
    boolean holds(int index, Tensor tensor) {
        return slots.get(index) instanceof Owned(Tensor held) && held == tensor;
    }

    void setTensor(int index, Tensor tensor) {
        slots.set(index, new Owned(tensor));
    }

    void lend(int index, MemorySegment memory) {
        slots.set(index, new Lent(memory, false));
    }

    /**
     * Before an inference: every input set must be readable. {@code blocking} is false for
     * {@code startAsync}, which cannot borrow memory: the inference would outlive the call that checked it.
     *
     * @throws IllegalStateException naming the input that cannot be read, and why
     * @throws WrongThreadException  if lent memory is confined to another thread
     */
    void checkReadable(boolean blocking) {
        for (int i = 0; i < slots.length(); i++) {
            switch (slots.get(i)) {
                case null -> { }
                case Owned(Tensor tensor) -> tensor.checkReadable(describe(i));
                case Lent(MemorySegment memory, boolean spent) -> {
                    if (spent) {
                        throw new IllegalStateException(describe(i) + " was memory lent for one inference"
                                + " (setInputMemory), which has run; set the input again");
                    }
                    if (!blocking) {
                        throw new IllegalStateException(describe(i) + " is lent memory (setInputMemory), which only"
                                + " a blocking infer() may read; set a Tensor for startAsync");
                    }
                    if (!memory.scope().isAlive()) {
                        throw new IllegalStateException(describe(i) + " is lent memory whose arena is closed");
                    }
                    // A confined arena can be closed only by its owner thread: when that thread is the one
                    // blocked in infer(), the memory outlives the inference.
                    if (!memory.isAccessibleBy(Thread.currentThread())) {
                        throw new WrongThreadException(describe(i) + " is lent memory confined to another thread");
                    }
                }
            }
        }
    }

    /** After a blocking inference (successful or not): the memory lent for it is spent. */
    void spend() {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) instanceof Lent lent && !lent.spent()) {
                // A set from a misbehaving second thread in between wins; it is checked at its own inference.
                slots.compareAndSet(i, lent, new Lent(lent.memory(), true));
            }
        }
    }

    /**
     * The caller's segment holding output bytes {@code [address, address + bytes)}, sliced to them, when an
     * output is an input's memory; empty when the output lies in OpenVINO's own memory.
     *
     * @throws IllegalStateException if that caller memory is freed, or only partly holds the output
     */
    Optional<MemorySegment> callerMemoryAt(long address, long bytes, int outputIndex) {
        if (bytes == 0) {
            return Optional.empty();
        }
        for (int i = 0; i < slots.length(); i++) {
            MemorySegment memory = switch (slots.get(i)) {
                case null -> null;
                case Owned(Tensor tensor) -> tensor.hostMemory().orElse(null);
                case Lent(MemorySegment m, boolean _) -> m;
            };
            if (memory == null) {
                continue;
            }
            long start = memory.address();
            long end = start + memory.byteSize();
            if (address >= end || address + bytes <= start) {
                continue;
            }
            if (address < start || address + bytes > end) {
                throw new IllegalStateException("output " + outputIndex + " partly overlaps the memory of "
                        + describe(i));
            }
            if (!memory.scope().isAlive()) {
                throw new IllegalStateException("output " + outputIndex + " is the memory of " + describe(i)
                        + " (the model passes it through), whose arena is closed");
            }
            return Optional.of(memory.asSlice(address - start, bytes));
        }
        return Optional.empty();
    }

    /** Forgets every input (the request is closing). */
    void clear() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
    }

    private String describe(int index) {
        return "input " + index + " (" + ports.get(index).name() + ")";
    }
}
