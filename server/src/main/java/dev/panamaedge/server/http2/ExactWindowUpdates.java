package dev.panamaedge.server.http2;

import io.helidon.webserver.http2.Http2Config;

/**
 * HTTP/2 settings under which Helidon 4.5.0 credits the client's flow-control windows exactly, however many
 * streams of a connection consume data at once.
 *
 * <p>Helidon defers inbound WINDOW_UPDATEs in a plain {@code int} ("bisection") whenever four max-size frames fit
 * the initial window, as they do with its defaults (1 MiB, 16 KiB). The connection's window is shared by every
 * stream's thread, so concurrent streams race on that counter: it sends WINDOW_UPDATE increments of 0, which
 * RFC 9113 §6.9 makes a connection error (grpc-java then fails every call on the connection with INTERNAL), and
 * credits bytes twice or not at all, so the client's window drifts from what the server holds. A max frame size
 * above a quarter of the window makes Helidon pick its other strategy, which credits each consumed frame at once
 * through an atomic window: no shared counter, no zero, no drift.
 *
 * <p>That strategy sends a WINDOW_UPDATE per consumed frame, and exact credit no longer lets a busy connection
 * run past its window, so the window is 4 MiB rather than Helidon's 1 MiB: room for a 921,600-byte raw
 * 640x480 frame from each of four cameras on one connection, and one such frame per DATA frame.
 */
public final class ExactWindowUpdates {

    /** Each stream's and each connection's window: what one connection can have sent and not yet consumed. */
    static final int INITIAL_WINDOW_BYTES = 4 << 20;
    /** The smallest max frame size that selects Helidon's immediate strategy for this window. */
    static final int MAX_FRAME_BYTES = INITIAL_WINDOW_BYTES / 4 + 1;

    private ExactWindowUpdates() {
    }

    /** {@code builder} with the window and max frame size above; its other settings untouched. */
    public static Http2Config.Builder applyTo(Http2Config.Builder builder) {
        return builder.initialWindowSize(INITIAL_WINDOW_BYTES).maxFrameSize(MAX_FRAME_BYTES);
    }
}
