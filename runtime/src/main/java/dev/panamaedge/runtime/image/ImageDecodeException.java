package dev.panamaedge.runtime.image;

import java.util.Objects;

/**
 * An image could not be turned into pixels: empty, truncated or corrupt data, an unsupported format or
 * colour model, or more pixels than the decoder accepts. The message starts with the source (a file path
 * or a caller-supplied name) so a batch run points straight at the bad file.
 *
 * <p>A subtype of {@link IllegalArgumentException} because it is always bad input, never a bug.
 */
public final class ImageDecodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;

    public ImageDecodeException(String source, String problem) {
        super(Objects.requireNonNull(source, "source") + ": " + problem);
        this.source = source;
    }

    public ImageDecodeException(String source, String problem, Throwable cause) {
        super(Objects.requireNonNull(source, "source") + ": " + problem, cause);
        this.source = source;
    }

    /** The file path or name the caller gave for the rejected image. */
    public String source() {
        return source;
    }
}
