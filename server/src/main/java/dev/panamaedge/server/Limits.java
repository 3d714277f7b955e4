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

    /**
     * 16 MiB requests, 16 megapixel images (a 4K frame is 8.3 MP, most phone photos 12 MP). A decode holds up
     * to about 7 bytes per pixel, so this keeps one decode near 110 MB, which the server's heap is sized for.
     */
    public static Limits defaults() {
        return new Limits(16L << 20, 16_000_000L);
    }
}
