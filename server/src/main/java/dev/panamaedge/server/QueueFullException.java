package dev.panamaedge.server;

/** The model's bounded queue is full; the request is rejected at once with 503 / RESOURCE_EXHAUSTED. */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
