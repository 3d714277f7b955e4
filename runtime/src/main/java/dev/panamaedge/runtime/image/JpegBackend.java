package dev.panamaedge.runtime.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who decodes JPEG: a {@link JpegDecoder}, or ImageIO, with a one-line description that says which and, for
 * ImageIO, why (e.g. {@code TurboJPEG not found (looked in …); decoding JPEG with ImageIO}), so a server or
 * CLI can print it once at start-up.
 *
 * @param decoder     the decoder used for JPEG data; empty for ImageIO
 * @param description one line for a log
 */
public record JpegBackend(Optional<JpegDecoder> decoder, String description) {
    public JpegBackend {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(description, "description");
    }

    /** JPEG goes to {@code decoder}. */
    public static JpegBackend of(JpegDecoder decoder) {
        return new JpegBackend(Optional.of(decoder), "JPEG decoder: " + decoder.description());
    }

    /** JPEG goes to ImageIO because of {@code reason} (a one-line sentence ending in "decoding JPEG with ImageIO"). */
    public static JpegBackend imageIo(String reason) {
        return new JpegBackend(Optional.empty(), reason);
    }

    /**
     * The first provider that opens a decoder; ImageIO, with every provider's reason, when none does. A
     * provider that throws despite its contract counts as one that gave its exception as the reason.
     */
    public static JpegBackend select(Iterable<? extends JpegDecoderProvider> providers) {
        List<String> reasons = new ArrayList<>();
        for (JpegDecoderProvider provider : providers) {
            try {
                JpegBackend backend = provider.open();
                if (backend.decoder().isPresent()) {
                    return backend;
                }
                reasons.add(backend.description());
            } catch (RuntimeException | LinkageError e) {
                reasons.add(provider.getClass().getName() + " failed: " + e + "; decoding JPEG with ImageIO");
            }
        }
        if (reasons.isEmpty()) {
            return imageIo("no native JPEG decoder on the class path (panama-edge-native); decoding JPEG with ImageIO");
        }
        return imageIo(String.join("; ", reasons));
    }
}
