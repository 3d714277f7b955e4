package dev.panamaedge.server.security;

import io.grpc.Status;

/**
 * A request turned away before it reaches a handler: a foreign {@code Host} or {@code Origin} (403), missing
 * or wrong credentials (401 / UNAUTHENTICATED). ErrorMapping maps it and logs it as a rejection.
 */
public final class RefusedRequestException extends RuntimeException {
    private final int httpStatus;
    private final Status.Code grpcCode;

    public RefusedRequestException(int httpStatus, Status.Code grpcCode, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Status.Code grpcCode() {
        return grpcCode;
    }
}
