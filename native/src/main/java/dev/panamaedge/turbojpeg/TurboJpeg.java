package dev.panamaedge.turbojpeg;

import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.C_INT;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.tjGetScalingFactors;

import dev.panamaedge.bindings.turbojpeg.tjscalingfactor;
import dev.panamaedge.bindings.turbojpeg.turbojpeg_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * libjpeg-turbo's TurboJPEG library, loaded once per process.
 *
 * <p>{@link #load()} searches (see {@link TurboJpegLocator}): the system property {@code edge.turbojpeg.library}
 * or the environment variable {@code EDGE_TURBOJPEG_LIBRARY} (the file), then {@code LD_LIBRARY_PATH}, then
 * {@code /usr/lib/x86_64-linux-gnu} (Debian's {@code libturbojpeg0}), {@code /usr/lib64}, {@code /usr/local/lib},
 * {@code /usr/lib}, {@code /opt/libjpeg-turbo}. It loads the file by absolute path with {@link System#load},
 * where the generated bindings find it, and checks that every TurboJPEG 2.x function the decoder calls is
 * there. The 2.x API is kept by later releases, so there is no version to compare (the bindings come from
 * {@link #bindingsVersion()}).
 *
 * <p>Thread-safe. A library, once loaded, stays for the life of the process; a failure is remembered too,
 * so every caller gets the same one-line reason. It logs nothing: the server reports
 * {@link #description()} or the reason once at start-up.
 */
public final class TurboJpeg {
    private static final Object LOCK = new Object();
    private static volatile TurboJpeg loaded;
    private static TurboJpegUnavailableException failure;

    /** The functions {@link TurboJpegDecoder} calls; resolving them all at load fails early, not mid-request. */
    private static final List<Supplier<MemorySegment>> REQUIRED = List.of(
            turbojpeg_h::tjInitDecompress$address, turbojpeg_h::tjDecompressHeader3$address,
            turbojpeg_h::tjDecompress2$address, turbojpeg_h::tjGetScalingFactors$address,
            turbojpeg_h::tjGetErrorStr2$address, turbojpeg_h::tjGetErrorCode$address,
            turbojpeg_h::tjDestroy$address, turbojpeg_h::tjAlloc$address, turbojpeg_h::tjFree$address);

    private final Path libraryPath;
    private final List<ScalingFactor> scalingFactors;

    private TurboJpeg(Path libraryPath, List<ScalingFactor> scalingFactors) {
        this.libraryPath = libraryPath;
        this.scalingFactors = List.copyOf(scalingFactors);
    }

    /**
     * Finds and loads the library, once; later calls return the same instance or throw the same reason.
     *
     * @throws TurboJpegUnavailableException naming every location searched, or why the file found cannot be used
     */
    public static TurboJpeg load() {
        TurboJpeg done = loaded;
        if (done != null) {
            return done;
        }
        synchronized (LOCK) {
            if (loaded != null) {
                return loaded;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                loaded = load(TurboJpegLocator.fromEnvironment());
            } catch (TurboJpegUnavailableException e) {
                failure = e;
                throw e;
            }
            return loaded;
        }
    }

    /** Loads what {@code locator} finds, without the process-wide memo: for tests of other settings. */
    static TurboJpeg load(TurboJpegLocator locator) {
        Path path = locator.locate();
        try {
            System.load(path.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new TurboJpegUnavailableException("TurboJPEG library " + path + " cannot be loaded: "
                    + e.getMessage(), List.of(path), e);
        }
        try {
            REQUIRED.forEach(Supplier::get);
            return new TurboJpeg(path, readScalingFactors());
        } catch (LinkageError | RuntimeException e) {
            throw new TurboJpegUnavailableException("TurboJPEG library " + path + " lacks the TurboJPEG 2.x API"
                    + " (" + e.getMessage() + ")", List.of(path), e);
        }
    }

    /** {@code tjGetScalingFactors} returns a static array owned by the library: read, never freed. */
    private static List<ScalingFactor> readScalingFactors() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment count = call.allocate(C_INT);
            MemorySegment array = tjGetScalingFactors(count);
            int n = count.get(C_INT, 0);
            if (array.equals(MemorySegment.NULL) || n <= 0) {
                throw new IllegalStateException("tjGetScalingFactors returned no scaling factors");
            }
            MemorySegment factors = array.reinterpret(n * tjscalingfactor.sizeof());
            List<ScalingFactor> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                MemorySegment f = tjscalingfactor.asSlice(factors, i);
                out.add(new ScalingFactor(tjscalingfactor.num(f), tjscalingfactor.denom(f)));
            }
            return out;
        }
    }

    /** The file that was loaded. */
    public Path libraryPath() {
        return libraryPath;
    }

    /** The libjpeg-turbo release whose turbojpeg.h the bindings were generated from. */
    public static String bindingsVersion() {
        return turbojpeg_h.TURBOJPEG_VERSION;
    }

    /** Every scale the library decodes at, in its order (2/1 … 1/8 for 2.1). */
    public List<ScalingFactor> scalingFactors() {
        return scalingFactors;
    }

    /** A new decoder; the caller owns it and closes it. */
    public TurboJpegDecoder newDecoder() {
        return new TurboJpegDecoder(this);
    }

    /** One line for logs: what was loaded from where. */
    public String description() {
        return "TurboJPEG from " + libraryPath + " (bindings from libjpeg-turbo " + bindingsVersion() + ")";
    }
}
