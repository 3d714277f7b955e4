package dev.panamaedge.server;

/**
 * Request limits: the largest HTTP body or gRPC message accepted, the largest image (width × height) decoded,
 * the longest an HTTP body may take to arrive, and the heap requests may hold at once ({@link RequestMemory}).
 * Anything bigger is refused with 413 / RESOURCE_EXHAUSTED (bytes) or 400 (pixels); a body still arriving after
 * the timeout loses its connection; a request that finds the memory budget busy waits for it, then gets 503.
 */
public record Limits(long maxRequestBytes, long maxImagePixels, long bodyReadTimeoutMillis, long memoryBudgetBytes) {
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
        if (memoryBudgetBytes < 4096) {
            throw new IllegalArgumentException("memory-budget-bytes must be at least 4096, got " + memoryBudgetBytes);
        }
    }

    /** With the memory budget derived from the heap ({@link RequestMemory#defaultBytes()}). */
    public Limits(long maxRequestBytes, long maxImagePixels, long bodyReadTimeoutMillis) {
        this(maxRequestBytes, maxImagePixels, bodyReadTimeoutMillis, RequestMemory.defaultBytes());
    }

    /** The process's memory budgets of this size. */
    public RequestMemory memory() {
        return RequestMemory.shared(memoryBudgetBytes);
    }

    /** With the default body read timeout. */
    public Limits(long maxRequestBytes, long maxImagePixels) {
        this(maxRequestBytes, maxImagePixels, DEFAULT_BODY_READ_TIMEOUT_MILLIS);
    }

    /**
     * 16 MiB requests, 16 megapixel images (a 4K frame is 8.3 MP, most phone photos 12 MP), the memory budget
     * derived from the heap. An 8-bit decode holds up to 7 bytes per pixel (RGBA raster and RGB result), so one
     * such decode is 112 MB, which the budget under {@code edge serve}'s heap holds (server/README.md).
     */
    public static Limits defaults() {
        return new Limits(16L << 20, 16_000_000L);
    }
}
