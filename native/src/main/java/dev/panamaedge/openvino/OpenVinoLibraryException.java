package dev.panamaedge.openvino;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The OpenVINO C library could not be found, loaded, or is not the release the bindings were generated
 * from. Not an {@link OpenVinoException}: no C function ran, so there is no status to report.
 *
 * <p>The message lists every location searched, in order, and the expected versus found version.
 */
public final class OpenVinoLibraryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Path> searched;
    private final String expectedVersion;
    private final String foundVersion;

    OpenVinoLibraryException(String message, List<Path> searched, String expectedVersion, String foundVersion,
            Throwable cause) {
        super(message, cause);
        this.searched = List.copyOf(searched);
        this.expectedVersion = expectedVersion;
        this.foundVersion = foundVersion;
    }

    /** Every file or pattern tried, in search order. */
    public List<Path> searched() {
        return searched;
    }

    /** The OpenVINO release the bindings were generated from. */
    public String expectedVersion() {
        return expectedVersion;
    }

    /** The loaded library's build number, when one was loaded. */
    public Optional<String> foundVersion() {
        return Optional.ofNullable(foundVersion);
    }
}
