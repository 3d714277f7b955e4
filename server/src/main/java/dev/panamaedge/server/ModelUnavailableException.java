package dev.panamaedge.server;

/**
 * The model exists but cannot take requests now: still compiling, or its last load failed; 503 /
 * UNAVAILABLE. A version being retired by a reload never surfaces as this: the registry retries on the new one.
 */
public final class ModelUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelUnavailableException(String message) {
        super(message);
    }
}
