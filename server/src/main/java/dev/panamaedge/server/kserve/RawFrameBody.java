package dev.panamaedge.server.kserve;

import dev.panamaedge.runtime.image.RawFormat;
import dev.panamaedge.runtime.image.RawFrame;
import io.helidon.common.uri.UriQuery;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A raw camera frame posted to classify: the body is the pixels, {@code Content-Type: application/x-raw-frame},
 * and the query gives {@code width}, {@code height}, {@code format} (rgb, bgr, gray or nv12) and optionally
 * {@code stride} (bytes from one row to the next; default: packed rows). Query parameters rather than content-type
 * parameters because every HTTP client and {@code curl} sets them without quoting rules.
 */
final class RawFrameBody {
    static final String CONTENT_TYPE = "application/x-raw-frame";
    private static final List<String> PARAMETERS = List.of("width", "height", "format", "stride");

    private RawFrameBody() {
    }

    /**
     * The frame when {@code contentType} says the body is one, empty when it is an encoded image.
     *
     * @throws IllegalArgumentException naming the missing or malformed parameter, or raw-frame parameters sent
     *                                  with another content type
     */
    static Optional<RawFrame> parse(String contentType, UriQuery query, byte[] body) {
        boolean raw = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip().equals(CONTENT_TYPE);
        if (!raw) {
            List<String> given = PARAMETERS.stream().filter(query::contains).toList();
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("query parameters " + given + " describe a raw frame, but the"
                        + " Content-Type is '" + contentType + "'; send raw frames as " + CONTENT_TYPE);
            }
            return Optional.empty();
        }
        int width = positive(query, "width");
        int height = positive(query, "height");
        RawFormat format = RawFormat.parse(query.first("format").asOptional().orElseThrow(() ->
                new IllegalArgumentException("a raw frame needs the query parameter format (rgb, bgr, gray or nv12)")));
        int stride = query.contains("stride") ? positive(query, "stride")
                : Math.multiplyExact(width, format.bytesPerPixel());
        return Optional.of(new RawFrame(width, height, stride, format, body));
    }

    private static int positive(UriQuery query, String name) {
        String v = query.first(name).asOptional().orElseThrow(() ->
                new IllegalArgumentException("a raw frame needs the query parameter " + name));
        try {
            int n = Integer.parseInt(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("raw frame " + name + " must be a positive integer, got '" + v + "'");
    }
}
