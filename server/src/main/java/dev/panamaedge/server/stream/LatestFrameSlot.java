package dev.panamaedge.server.stream;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Per-stream backpressure for camera feeds: at most one frame waits while one is processed. A frame that
 * arrives while another is waiting replaces it, and the replaced (older) frame is counted as dropped, so a
 * slow model sees the newest frame next instead of a growing backlog. Each stream has its own slot and its
 * own worker task, so one fast camera never delays another.
 *
 * @param <T> the frame type
 */
public final class LatestFrameSlot<T> {
    /** Processes one frame; {@code droppedSinceLast} frames were dropped since the previous call. */
    @FunctionalInterface
    public interface Processor<T> {
        void process(T frame, long droppedSinceLast, long droppedTotal);
    }

    private final Processor<T> processor;
    private final Executor executor;
    private final Runnable onDrained;
    private T pending;
    private boolean running;
    private boolean closed;
    private boolean completed;
    private long droppedTotal;
    private long droppedSinceLast;

    /**
     * @param executor  runs the worker task; a virtual thread per task suits it
     * @param onDrained called once, after {@link #close} and the last pending frame is processed
     */
    public LatestFrameSlot(Processor<T> processor, Executor executor, Runnable onDrained) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.onDrained = Objects.requireNonNull(onDrained, "onDrained");
    }

    /**
     * Hands a frame over; never blocks.
     *
     * @return true if this offer replaced (dropped) a waiting frame
     */
    public boolean offer(T frame) {
        Objects.requireNonNull(frame, "frame");
        boolean dropped;
        synchronized (this) {
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
        boolean finish;
        synchronized (this) {
            closed = true;
            finish = !running && !completed;
            completed |= finish;
        }
        if (finish) {
            onDrained.run();
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
            boolean finish = false;
            synchronized (this) {
                frame = pending;
                pending = null;
                if (frame == null) {
                    running = false;
                    if (closed && !completed) {
                        completed = true;
                        finish = true;
                    }
                } 
                since = droppedSinceLast;
                droppedSinceLast = 0;
                total = droppedTotal;
            }
            if (frame == null) {
                if (finish) {
                    onDrained.run();
                }
                return;
            }
            processor.process(frame, since, total);
        }
    }
}
