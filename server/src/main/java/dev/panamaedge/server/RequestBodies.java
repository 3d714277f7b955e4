package dev.panamaedge.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads an HTTP request body whole, refusing more than the limit before reading it where possible. */
public final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * @throws PayloadTooLargeException when Content-Length or the bytes actually sent exceed {@code max}
     */
    public static byte[] read(ServerRequest req, long max) {
        if (req.headers().contains(HeaderNames.CONTENT_LENGTH)) {
            long declared = req.headers().contentLength().orElse(0);
            if (declared > max) {
                throw new PayloadTooLargeException("request body of " + declared + " bytes exceeds the limit of "
                        + max + " bytes");
            }
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw new PayloadTooLargeException("request body exceeds the limit of " + max + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }
}
