package dev.panamaedge.server;

/** A request named a model or version this server does not serve; 404 / NOT_FOUND. */
public final class ModelNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelNotFoundException(String message) {
        super(message);
    }
}
