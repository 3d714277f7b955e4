package dev.panamaedge.server;

/**
 * Request limits: the largest HTTP body or gRPC message accepted, the largest image (width × height) decoded,
 * and the longest an HTTP body may take to arrive. Anything bigger is refused with 413 / RESOURCE_EXHAUSTED
 * (bytes) or 400 (pixels); a body still arriving after the timeout loses its connection.
 */
public record Limits(long maxRequestBytes, long maxImagePixels, long bodyReadTimeoutMillis) {
    /** 30 s: the 16 MiB default body at 560 KB/s, far slower than any camera or client on a LAN. */
    public static final long DEFAULT_BODY_READ_TIMEOUT_MILLIS = 30_000;

    public Limits {
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("max request size must be at least 1024 bytes, got " + maxRequestBytes);
        }
        if (maxImagePixels < 1) {
            throw new IllegalArgumentException("max image pixels must be positive, got " + maxImagePixels);
        }
        if (bodyReadTimeoutMillis < 100) {
            throw new IllegalArgumentException("body-read-timeout-ms must be at least 100, got "
                    + bodyReadTimeoutMillis);
        }
    }

    /** With the default body read timeout. */
    public Limits(long maxRequestBytes, long maxImagePixels) {
        this(maxRequestBytes, maxImagePixels, DEFAULT_BODY_READ_TIMEOUT_MILLIS);
    }

    /**
     * 16 MiB requests, 16 megapixel images (a 4K frame is 8.3 MP, most phone photos 12 MP). A decode holds up
     * to about 7 bytes per pixel, so this keeps one decode near 110 MB, which the server's heap is sized for.
     */
    public static Limits defaults() {
        return new Limits(16L << 20, 16_000_000L);
    }
}
