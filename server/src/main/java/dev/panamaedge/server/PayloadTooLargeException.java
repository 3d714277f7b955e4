package dev.panamaedge.server;

/** A request body or message exceeds the configured limit; 413 / RESOURCE_EXHAUSTED. */
public final class PayloadTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
