package dev.panamaedge.server.kserve;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Pulls the first file part out of a {@code multipart/form-data} body (RFC 7578), which is how browsers and
 * {@code curl -F} upload an image. Small and strict: one pass over the bytes, no temporary files.
 */
final class MultipartImage {
    private MultipartImage() {
    }

    /** The bytes of the first part that has a filename, or else of the first part. */
    static byte[] extract(byte[] body, String contentType) {
        String boundary = boundary(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("multipart body has no boundary '" + boundary + "'");
        }
        byte[] first = null;
        while (true) {
            int headerStart = pos + delimiter.length;
            if (headerStart + 2 <= body.length && body[headerStart] == '-' && body[headerStart + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headerStart);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("multipart part has no header terminator");
            }
            String headers = new String(body, headerStart, headersEnd - headerStart, StandardCharsets.ISO_8859_1)
                    .toLowerCase(Locale.ROOT);
            int dataStart = headersEnd + 4;
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), dataStart);
            if (next < 0) {
                throw new IllegalArgumentException("multipart part is not terminated by its boundary");
            }
            byte[] data = Arrays.copyOfRange(body, dataStart, next);
            if (headers.contains("filename=")) {
                return data;
            }
            if (first == null) {
                first = data;
            }
            pos = next + 2;
        }
        if (first == null) {
            throw new IllegalArgumentException("multipart body has no parts");
        }
        return first;
    }

    private static String boundary(String contentType) {
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring("boundary=".length());
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (!b.isEmpty()) {
                    return b;
                }
            }
        }
        throw new IllegalArgumentException("multipart Content-Type has no boundary: " + contentType);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
