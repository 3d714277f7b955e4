package dev.panamaedge.server;

/** The server's settings do not allow this call (HTTP 403, gRPC PERMISSION_DENIED); the message says which. */
public final class PermissionDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String message) {
        super(message);
    }
}
