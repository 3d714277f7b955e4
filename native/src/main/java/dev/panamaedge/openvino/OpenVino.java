package dev.panamaedge.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.ov_get_openvino_version;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_version_free;

import dev.panamaedge.bindings.openvino.openvino_h;
import dev.panamaedge.bindings.openvino.ov_version;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * The OpenVINO C library, loaded once per process.
 *
 * <p>{@link #load()} searches (see {@link LibraryLocator}): the system property {@code edge.openvino.library}
 * (the file), the environment variables {@code OPENVINO_LIB} (the file) or {@code OPENVINO_HOME} (an install),
 * then the project's {@code .venv} wheel found by walking up from the working directory (or
 * {@code edge.project.dir}), then {@code /opt/intel/openvino*} and the system library directories. The
 * library is loaded by absolute path with {@link System#load}, which the generated bindings find through
 * their loader lookup. Its {@code major.minor.patch} must equal the release the bindings were generated
 * from, because enum values shift between releases.
 *
 * <p>Thread-safe. A library, once loaded, stays for the life of the process.
 */
public final class OpenVino {
    private static final System.Logger LOG = System.getLogger(OpenVino.class.getName());
    private static final Object LOCK = new Object();
    private static volatile OpenVino loaded;
    /** Set when a library was loaded but rejected: another one cannot replace it in this process. */
    private static OpenVinoLibraryException rejected;

    private final Path libraryPath;
    private final String version;

    private OpenVino(Path libraryPath, String version) {
        this.libraryPath = libraryPath;
        this.version = version;
    }

    /**
     * Finds and loads the library, once; later calls return the same instance.
     *
     * @throws OpenVinoLibraryException listing every location searched, or expected versus found version
     */
    public static OpenVino load() {
        OpenVino done = loaded;
        if (done != null) {
            return done;
        }
        synchronized (LOCK) {
            if (loaded != null) {
                return loaded;
            }
            if (rejected != null) {
                throw new OpenVinoLibraryException(rejected.getMessage(), rejected.searched(),
                        rejected.expectedVersion(), rejected.foundVersion().orElse(null), rejected);
            }
            Path path = LibraryLocator.fromEnvironment().locate();
            try {
                System.load(path.toString());
            } catch (UnsatisfiedLinkError e) {
                throw new OpenVinoLibraryException("cannot load the OpenVINO C library " + path + ": "
                        + e.getMessage(), List.of(path), expectedVersion(), null, e);
            }
            String build;
            try {
                build = readBuildNumber();
                checkVersion(expectedVersion(), build, path);
            } catch (OpenVinoLibraryException e) {
                rejected = e;
                throw e;
            } catch (RuntimeException | LinkageError e) {
                rejected = new OpenVinoLibraryException("the OpenVINO C library " + path
                        + " loaded but its version cannot be read: " + e, List.of(path), expectedVersion(), null, e);
                throw rejected;
            }
            loaded = new OpenVino(path, build);
            LOG.log(System.Logger.Level.INFO, "OpenVINO {0} loaded from {1}", build, path);
            return loaded;
        }
    }

    /** The loaded library's build number, e.g. {@code 2026.4.1-22982-e213a147257-releases/2026/4}. */
    public String version() {
        return version;
    }

    /** The file that was loaded. */
    public Path libraryPath() {
        return libraryPath;
    }

    /** The release the bindings were generated from. */
    static String expectedVersion() {
        return openvino_h.OPENVINO_VERSION;
    }

    /** {@code ov_get_openvino_version} fills a struct whose strings {@code ov_version_free} releases. */
    private static String readBuildNumber() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment version = ov_version.allocate(call);
            Status.check("ov_get_openvino_version", ov_get_openvino_version(version));
            try {
                return CStrings.readBorrowed(ov_version.buildNumber(version));
            } finally {
                ov_version_free(version);
            }
        }
    }

    /**
     * Compares {@code major.minor.patch}, the part of a build number before the first {@code -}.
     *
     * @throws OpenVinoLibraryException naming expected and found versions and the library file
     */
    static void checkVersion(String expected, String buildNumber, Path library) {
        String found = buildNumber.strip();
        int dash = found.indexOf('-');
        String release = dash < 0 ? found : found.substring(0, dash);
        if (!release.equals(expected)) {
            throw new OpenVinoLibraryException("OpenVINO version mismatch: the bindings were generated for "
                    + expected + " but " + library + " is " + found
                    + "; install openvino==" + expected + " or regenerate the bindings",
                    List.of(library), expected, found, null);
        }
    }
}
