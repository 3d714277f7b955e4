package dev.panamaedge.server.grpc;

import com.google.protobuf.ByteString;
import dev.panamaedge.runtime.image.RawFormat;
import dev.panamaedge.runtime.image.RawFrame;
import dev.panamaedge.server.ImageInput;

/**
 * Turns the {@code source} of a {@code ClassifyRequest} or {@code Frame} (encoded bytes or a {@code RawFrame}
 * message) into an {@link ImageInput}; every malformed raw frame becomes an {@link IllegalArgumentException}
 * (INVALID_ARGUMENT) naming the field at fault.
 */
public final class RawFrameMessages {
    private RawFrameMessages() {
    }

    /** The request's picture: its raw frame when one is set, its encoded bytes otherwise. */
    public static ImageInput input(boolean hasRaw, dev.panamaedge.server.grpc.vision.RawFrame raw, ByteString image) {
        return hasRaw ? new ImageInput.Raw(frame(raw)) : new ImageInput.Encoded(image.toByteArray());
    }

    static RawFrame frame(dev.panamaedge.server.grpc.vision.RawFrame m) {
        RawFormat format = switch (m.getFormat()) {
            case RGB -> RawFormat.RGB;
            case BGR -> RawFormat.BGR;
            case GRAY -> RawFormat.GRAY;
            case NV12 -> RawFormat.NV12;
            case RAW_FORMAT_UNSPECIFIED -> throw new IllegalArgumentException(
                    "raw frame format is not set; formats: RGB, BGR, GRAY, NV12");
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown raw frame format " + m.getFormatValue()
                    + "; formats: RGB (1), BGR (2), GRAY (3), NV12 (4)");
        };
        int width = side("width", m.getWidth());
        int height = side("height", m.getHeight());
        int stride = m.getStride() == 0 ? Math.multiplyExact(width, format.bytesPerPixel()) : side("stride", m.getStride());
        // Read in place: with the message parsed by AliasingMarshaller, the frame is a slice of the message's array.
        AliasedBytes data = AliasedBytes.of(m.getData());
        return new RawFrame(width, height, stride, format, data.array(), data.offset(), data.length());
    }

    /** A uint32 field as a positive int: a value above 2^31 would otherwise read as negative. */
    private static int side(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("raw frame " + field + " must be positive, got "
                    + Integer.toUnsignedString(value));
        }
        return value;
    }
}
