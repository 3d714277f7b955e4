package dev.panamaedge.turbojpeg;

import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.C_INT;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.TJERR_WARNING;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.TJFLAG_LIMITSCANS;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.TJFLAG_STOPONWARNING;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.TJPF_RGB;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjAlloc;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjDecompress2;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjDecompressHeader3;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjDestroy;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjFree;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjGetErrorCode;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjGetErrorStr2;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjInitDecompress;

import dev.panamaedge.runtime.image.ImageDecodeException;
import dev.panamaedge.runtime.image.JpegDecoder;
import dev.panamaedge.runtime.image.RgbImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Decodes JPEG to RGB with TurboJPEG ({@code tjDecompressHeader3}, {@code tjDecompress2}), optionally at a
 * reduced DCT scale. It owns its {@code tjhandle}s, each in its own shared arena with {@code tjDestroy}
 * attached at birth; {@link #close()} (idempotent) destroys them all, and after close every call throws
 * {@link IllegalStateException}.
 *
 * <p>Threads: a {@code tjhandle} is one decompressor and must not be used by two threads at once. Each call
 * takes an idle handle from a pool (or creates one) and gives it back, so the pool holds as many handles as
 * calls ever ran at once (one per compute thread in the server) and no call pays for {@code tjInitDecompress}
 * after the first. Calls hold a read lock that {@link #close()} waits for, so no handle is destroyed under a call.
 * A handle whose call failed is destroyed, not pooled: libjpeg-turbo 2.1's {@code tjDecompressHeader3} does not
 * reset its decompressor after an error, and the next header read on that handle then fails on valid data
 * ("Unsupported marker type").
 *
 * <p>Rules kept from {@code ImageDecoder}: the pixel limit is checked from the header before any pixel is
 * decoded. A warning is a failure: TurboJPEG reports truncated or corrupt data as {@code TJERR_WARNING}
 * and would fill the rest with gray; with {@code TJFLAG_STOPONWARNING} it stops there and the call throws
 * {@link ImageDecodeException}, as ImageIO's warnings do. {@code TJFLAG_LIMITSCANS} refuses progressive
 * JPEGs with more than 500 scans, which would otherwise take unbounded CPU. CMYK/YCCK JPEGs, which
 * TurboJPEG cannot turn into RGB, are left to ImageIO (empty result).
 *
 * <p>Memory: the encoded bytes are copied into a call arena; the pixels are decoded into a {@code tjAlloc}
 * buffer (not zero-filled first, unlike an arena allocation) freed with {@code tjFree} when the call ends,
 * after one copy into the {@link RgbImage}.
 */
public final class TurboJpegDecoder implements JpegDecoder, AutoCloseable {
    private static final int FLAGS = TJFLAG_STOPONWARNING() | TJFLAG_LIMITSCANS();
    private static final AtomicInteger LIVE_HANDLES = new AtomicInteger();

    private final TurboJpeg library;
    private final ConcurrentLinkedQueue<Handle> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handles = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    TurboJpegDecoder(TurboJpeg library) {
        this.library = Objects.requireNonNull(library, "library");
    }

    @Override
    public String description() {
        return library.description();
    }

    /**
     * Reads the header only.
     *
     * @throws ImageDecodeException if the data has no valid JPEG header
     * @throws IllegalStateException after {@link #close()}
     */
    public JpegHeader header(byte[] jpeg, String source) {
        return withHandle(source, (handle) -> {
            try (Arena call = Arena.ofConfined()) {
                return readHeader(handle, call.allocateFrom(ValueLayout.JAVA_BYTE, jpeg), source, call);
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>The scale is the smallest of 1/1, 1/2, 1/4, 1/8 whose shorter side is at least
     * {@code minShorterSide} ({@link ScalingFactor#smallestCovering}).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Optional<RgbImage> decode(byte[] jpeg, String source, long maxPixels, int minShorterSide) {
        Objects.requireNonNull(jpeg, "jpeg");
        Objects.requireNonNull(source, "source");
        if (jpeg.length == 0) {
            throw new ImageDecodeException(source, "empty image data (0 bytes)");
        }
        return withHandle(source, handle -> {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment in = call.allocateFrom(ValueLayout.JAVA_BYTE, jpeg);
                JpegHeader header = readHeader(handle, in, source, call);
                long pixels = (long) header.width() * header.height();
                if (pixels > maxPixels) {
                    throw new ImageDecodeException(source, "JPEG image is " + header.width() + "x" + header.height()
                            + " = " + pixels + " pixels, more than the limit of " + maxPixels);
                }
                if (header.isCmyk()) {
                    return Optional.empty();
                }
                ScalingFactor scale = ScalingFactor.smallestCovering(library.scalingFactors(), header.width(),
                        header.height(), minShorterSide);
                int w = scale.scale(header.width());
                int h = scale.scale(header.height());
                long bytes = 3L * w * h;
                MemorySegment out = tjAlloc(Math.toIntExact(bytes));
                if (out.equals(MemorySegment.NULL)) {
                    throw new OutOfMemoryError("tjAlloc(" + bytes + ") failed for a " + w + "x" + h + " RGB image");
                }
                out = out.reinterpret(bytes, call, segment -> tjFree(segment));
                // Asking for exactly TJSCALED(side, scale) makes tjDecompress2 pick that scale; pitch 0 = 3·w.
                if (tjDecompress2(handle, in, jpeg.length, out, w, 0, h, TJPF_RGB(), FLAGS) != 0) {
                    throw failure(handle, source, "decode");
                }
                return Optional.of(RgbImage.copyOf(w, h, out));
            }
        });
    }

    private static JpegHeader readHeader(MemorySegment handle, MemorySegment in, String source, Arena call) {
        MemorySegment dims = call.allocate(C_INT, 4);
        if (tjDecompressHeader3(handle, in, in.byteSize(), dims, dims.asSlice(4), dims.asSlice(8),
                dims.asSlice(12)) != 0) {
            throw failure(handle, source, "read the header of");
        }
        JpegHeader header = new JpegHeader(dims.getAtIndex(C_INT, 0), dims.getAtIndex(C_INT, 1),
                dims.getAtIndex(C_INT, 2), dims.getAtIndex(C_INT, 3));
        if (header.width() <= 0 || header.height() <= 0) {
            throw new ImageDecodeException(source, "JPEG header gives an empty size " + header.width() + "x"
                    + header.height());
        }
        return header;
    }

    /** {@code tjGetErrorStr2} returns the handle's own static buffer: borrowed, never freed. */
    private static ImageDecodeException failure(MemorySegment handle, String source, String what) {
        String text = tjGetErrorStr2(handle).getString(0);
        if (tjGetErrorCode(handle) == TJERR_WARNING()) {
            return new ImageDecodeException(source, "corrupt or truncated JPEG: " + text);
        }
        return new ImageDecodeException(source, "cannot " + what + " JPEG: " + text);
    }

    /** One {@code tjhandle} and the arena whose closing destroys it. */
    private record Handle(Arena arena, MemorySegment tj) {
    }

    private <T> T withHandle(String source, Function<MemorySegment, T> body) {
        lock.readLock().lock();
        try {
            if (closed.get()) {
                throw new IllegalStateException("TurboJpegDecoder is closed");
            }
            Handle handle = idle.poll();
            if (handle == null) {
                handle = newHandle();
            }
            boolean reusable = false;
            try {
                T result = body.apply(handle.tj());
                reusable = true;
                return result;
            } finally {
                if (reusable) {
                    idle.offer(handle);
                } else {
                    handle.arena().close();
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Birth of a handle: {@code tjDestroy} attached to its own arena in the same step. */
    private Handle newHandle() {
        MemorySegment raw = tjInitDecompress();
        if (raw.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("tjInitDecompress failed: " + tjGetErrorStr2(MemorySegment.NULL).getString(0));
        }
        Arena arena = Arena.ofShared();
        handles.incrementAndGet();
        LIVE_HANDLES.incrementAndGet();
        return new Handle(arena, raw.reinterpret(arena, segment -> {
            try {
                tjDestroy(segment);
            } finally {
                LIVE_HANDLES.decrementAndGet();
            }
        }));
    }

    /** Destroys every handle; waits for calls in flight (so every live handle is idle). Later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lock.writeLock().lock();
        try {
            for (Handle h = idle.poll(); h != null; h = idle.poll()) {
                h.arena().close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Handles this decoder created: the most calls that ran at once, plus one per failed call. */
    int handlesCreated() {
        return handles.get();
    }

    /** TurboJPEG handles alive in this process, counted down by the cleanup that calls {@code tjDestroy}. */
    static int liveHandles() {
        return LIVE_HANDLES.get();
    }
}
