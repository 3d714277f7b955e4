package dev.panamaedge.turbojpeg;

import java.nio.file.Path;
import java.util.List;

/**
 * libturbojpeg cannot be used: not found, not loadable, or missing a TurboJPEG 2.x function. The message is
 * one line that names every location searched, so a server can print it once at start-up.
 */
public final class TurboJpegUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Path> searched;

    TurboJpegUnavailableException(String message, List<Path> searched) {
        super(message);
        this.searched = List.copyOf(searched);
    }

    TurboJpegUnavailableException(String message, List<Path> searched, Throwable cause) {
        super(message, cause);
        this.searched = List.copyOf(searched);
    }

    /** The files and patterns tried, in order. */
    public List<Path> searched() {
        return searched;
    }
}
