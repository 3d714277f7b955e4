package dev.panamaedge.server;

/**
 * Request limits: the largest HTTP body or gRPC message accepted, and the largest image (width × height)
 * decoded. Anything bigger is refused with 413 / RESOURCE_EXHAUSTED (bytes) or 400 (pixels).
 */
public record Limits(long maxRequestBytes, long maxImagePixels) {
    public Limits {
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("max request size must be at least 1024 bytes, got " + maxRequestBytes);
        }
        if (maxImagePixels < 1) {
            throw new IllegalArgumentException("max image pixels must be positive, got " + maxImagePixels);
        }
    }

    /** 16 MiB requests, 40 megapixel images. */
    public static Limits defaults() {
        return new Limits(16L << 20, 40_000_000L);
    }
}
