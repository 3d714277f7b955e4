package dev.panamaedge.runtime.image;

import java.util.Optional;

/**
 * Width, height and the bytes per pixel of the raster ImageIO decodes to, read from the first bytes of a JPEG or
 * PNG without a decoder: what {@link ImageDecoder#decodeHeapBytes} needs before every camera frame. Creating an
 * ImageIO reader to ask the same cost the server about 1.9 ms of CPU per 720p JPEG frame (tools/perf/frames.sh),
 * more than the TurboJPEG decode it guarded. Anything else, or a header this does not follow (12-bit JPEG, a
 * height given later by a DNL marker), is left to ImageIO.
 */
final class ImageHeaders {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageHeaders() {
    }

    /** What the header says; {@code rasterBytesPerPixel} as ImageIO's raw image type holds a pixel. */
    record Header(long width, long height, int rasterBytesPerPixel) {
        long pixels() {
            return width * height;
        }
    }

    static Optional<Header> read(byte[] b) {
        if (ImageDecoder.isJpeg(b)) {
            return jpeg(b);
        }
        if (b.length >= 26 && startsWith(b, PNG_SIGNATURE)) {
            return png(b);
        }
        return Optional.empty();
    }

    /** Walks the marker segments after SOI up to the first start-of-frame. */
    private static Optional<Header> jpeg(byte[] b) {
        int i = 2;
        while (i < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            while (i < b.length && (b[i] & 0xFF) == 0xFF) {
                i++; // fill bytes
            }
            if (i >= b.length) {
                return Optional.empty();
            }
            int marker = b[i++] & 0xFF;
            if (marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // no length follows
            }
            if (marker == 0xD9 || marker == 0xDA || i + 1 >= b.length) {
                return Optional.empty(); // image data before any frame header
            }
            int length = u16(b, i);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                    && marker != 0xCC;
            if (startOfFrame) {
                if (length < 8 || i + 7 >= b.length || (b[i + 2] & 0xFF) != 8) {
                    return Optional.empty();
                }
                int height = u16(b, i + 3);
                int width = u16(b, i + 5);
                int components = b[i + 7] & 0xFF;
                if (width == 0 || height == 0 || (components != 1 && components != 3 && components != 4)) {
                    return Optional.empty();
                }
                return Optional.of(new Header(width, height, components));
            }
            if (length < 2) {
                return Optional.empty();
            }
            i += length;
        }
        return Optional.empty();
    }

    /** The IHDR chunk, which a PNG must start with. */
    private static Optional<Header> png(byte[] b) {
        if (b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            return Optional.empty();
        }
        long width = u32(b, 16);
        long height = u32(b, 20);
        int depth = b[24] & 0xFF;
        int channels = switch (b[25] & 0xFF) {
            case 0, 3 -> 1; // gray, palette
            case 2 -> 3;
            case 4 -> 2; // gray and alpha
            case 6 -> 4;
            default -> 0;
        };
        if (width == 0 || height == 0 || channels == 0 || (depth != 1 && depth != 2 && depth != 4 && depth != 8
                && depth != 16)) {
            return Optional.empty();
        }
        int bytes = depth == 16 ? 2 * channels : (b[25] & 0xFF) == 3 || depth < 8 ? 1 : channels;
        return Optional.of(new Header(width, height, bytes));
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }
}
