package dev.panamaedge.server;

import dev.panamaedge.runtime.image.RawFrame;
import java.util.Objects;

/** The picture a classify request carries: encoded bytes (JPEG, PNG, BMP) or a raw camera frame. */
public sealed interface ImageInput {
    /** Encoded image bytes, decoded by {@code ImageDecoder}. */
    record Encoded(byte[] bytes) implements ImageInput {
        public Encoded {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** Uncompressed pixels, converted by {@code RawFrames}. */
    record Raw(RawFrame frame) implements ImageInput {
        public Raw {
            Objects.requireNonNull(frame, "frame");
        }
    }
}
