package dev.panamaedge.runtime.image;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.VectorSwitch;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps preprocessing on the scalar twins until the JIT has compiled the vector kernels.
 *
 * <p>Why: until C2 compiles them, Vector API calls run as boxed Java fallbacks, and the first 720p frame took
 * 1.6 s through the vector kernels against 0.2 s through the scalar ones (a fresh JVM, {@code FirstCalls}
 * measurement in the commit). The first request asks {@link #ready()}, which starts one low-priority daemon
 * thread that preprocesses a small synthetic frame through every vector kernel and output type until they
 * are compiled (a fixed number of runs, well past C2's thresholds); meanwhile requests take the scalar path.
 * The twins are bit-identical, so the hand-off changes only speed, never a byte.
 */
final class VectorWarmup {
    /** Runs of the synthetic frame per output type: ~130 kernel calls each, so ~60 000 calls in all. */
    private static final int RUNS = 150;
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static volatile boolean done;

    private VectorWarmup() {
    }

    /** True once the vector kernels are compiled; the first call starts the warm-up. */
    static boolean ready() {
        if (done) {
            return true;
        }
        if (STARTED.compareAndSet(false, true)) {
            Thread t = Thread.ofPlatform().daemon().name("edge-preprocess-warmup").unstarted(VectorWarmup::run);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
        return false;
    }

    private static void run() {
        try {
            if (VectorSwitch.ENABLED) {
                warm();
            }
        } finally {
            done = true;
        }
    }

    private static void warm() {
        int w = 80;
        int h = 45;
        byte[] pixels = new byte[3 * w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31);
        }
        float[] mean = {123.675f, 116.28f, 103.53f};
        float[] scale = {58.395f, 57.12f, 57.375f};
        float[] zero = {0, 0, 0};
        float[] one = {1, 1, 1};
        int size = 32;
        ResizePlan planar = ResizePlan.window(w, h, 56, 32, 12, 0, size, size, true, false);
        ResizePlan interleaved = ResizePlan.window(w, h, 56, 32, 12, 0, size, size, false, true);
        Normalization normalizedPlanar = Normalization.forRow(mean, scale, size, true);
        Normalization identity = Normalization.forRow(zero, one, size, false);
        Normalization normalized = Normalization.forRow(mean, scale, size, false);
        MemorySegment out = MemorySegment.ofArray(new byte[3 * size * size * Float.BYTES]);
        for (int i = 0; i < RUNS; i++) {
            Bilinear.run(planar, pixels, 0, 3 * w, normalizedPlanar, ElementType.F32, out, 0, true);
            Bilinear.run(interleaved, pixels, 0, 3 * w, identity, ElementType.U8, out, 0, true);
            Bilinear.run(interleaved, pixels, 0, 3 * w, normalized, ElementType.I8, out, 0, true);
        }
    }
}
