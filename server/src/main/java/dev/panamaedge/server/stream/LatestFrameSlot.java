package dev.panamaedge.server.stream;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Per-stream backpressure for camera feeds: at most one frame waits while one is processed. A frame that
 * arrives while another is waiting replaces it, and the replaced (older) frame is counted as dropped, so a
 * slow model sees the newest frame next instead of a growing backlog. Each stream has its own slot and its
 * own worker task, so one fast camera never delays another.
 *
 * <p>A slot ends one of two ways, and either way the frame being processed and the one waiting are still
 * processed before the end is reported: the client {@linkplain #close closes} it (no more frames come), or the
 * server {@linkplain #end ends} it (frames that still arrive are dropped).
 *
 * @param <T> the frame type
 */
public final class LatestFrameSlot<T> {
    /** Processes one frame; {@code droppedSinceLast} frames were dropped since the previous call. */
    @FunctionalInterface
    public interface Processor<T> {
        void process(T frame, long droppedSinceLast, long droppedTotal);
    }

    /** Who ended the slot, as {@code onDrained} is told. */
    public enum Ending {
        /** {@link #close()}: the client sent its last frame. */
        CLIENT_CLOSED,
        /** {@link #end()}: the server stops taking frames (shutdown). */
        SERVER_ENDED
    }

    private final Processor<T> processor;
    private final Executor executor;
    private final Consumer<Ending> onDrained;
    private T pending;
    private boolean running;
    private boolean closed;
    private Ending ending;
    private boolean completed;
    private long droppedTotal;
    private long droppedSinceLast;

    /**
     * @param executor  runs the worker task; a virtual thread per task suits it
     * @param onDrained called once, after {@link #close} or {@link #end} and the last pending frame is processed
     */
    public LatestFrameSlot(Processor<T> processor, Executor executor, Consumer<Ending> onDrained) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.onDrained = Objects.requireNonNull(onDrained, "onDrained");
    }

    /**
     * Hands a frame over; never blocks.
     *
     * @return true if a frame was dropped: the waiting one this offer replaced, or this one, offered after
     *         {@link #end}
     * @throws IllegalStateException after {@link #close} or {@link #cancel}
     */
    public boolean offer(T frame) {
        Objects.requireNonNull(frame, "frame");
        boolean dropped;
        synchronized (this) {
            if (ending == Ending.SERVER_ENDED) {
                return true;
            }
            if (closed) {
                throw new IllegalStateException("stream is closed");
            }
            dropped = pending != null;
            if (dropped) {
                droppedTotal++;
                droppedSinceLast++;
            }
            pending = frame;
            if (running) {
                return dropped;
            }
            running = true;
        }
        executor.execute(this::drain);
        return dropped;
    }

    public synchronized long droppedTotal() {
        return droppedTotal;
    }

    /** No more frames will come; {@code onDrained} runs after the pending frame, if any, is processed. */
    public void close() {
        finishWith(Ending.CLIENT_CLOSED);
    }

    /**
     * The server takes no more frames: later offers are dropped, the frame being processed and the waiting one
     * are still processed, then {@code onDrained} runs with {@link Ending#SERVER_ENDED}. No effect once closed.
     */
    public void end() {
        finishWith(Ending.SERVER_ENDED);
    }

    private void finishWith(Ending how) {
        boolean finish;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ending = how;
            finish = !running && !completed;
            completed |= finish;
        }
        if (finish) {
            onDrained.accept(how);
        }
    }

    /** Drops the waiting frame without processing it (client went away); does not call {@code onDrained}. */
    public synchronized void cancel() {
        closed = true;
        completed = true;
        pending = null;
    }

    private void drain() {
        while (true) {
            T frame;
            long since;
            long total;
            Ending finish = null;
            synchronized (this) {
                frame = pending;
                pending = null;
                if (frame == null) {
                    running = false;
                    if (closed && !completed) {
                        completed = true;
                        finish = ending;
                    }
                }
                since = droppedSinceLast;
                droppedSinceLast = 0;
                total = droppedTotal;
            }
            if (frame == null) {
                if (finish != null) {
                    onDrained.accept(finish);
                }
                return;
            }
            processor.process(frame, since, total);
        }
    }
}
