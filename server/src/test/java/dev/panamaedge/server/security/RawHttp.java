package dev.panamaedge.server.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 request over a plain socket, written byte for byte as given (forged Host and Origin included). */
final class RawHttp {
    private RawHttp() {
    }

    /** The whole response (status line, headers, body) to {@code head} (CRLFs included) plus {@code body}. */
    static String exchange(int port, String head, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String h = head + (body.isEmpty() ? "" : "Content-Length: " + b.length + "\r\n")
                    + "Connection: close\r\n\r\n";
            s.getOutputStream().write(h.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(b);
            s.getOutputStream().flush();
            return readResponse(s.getInputStream());
        }
    }

    /** One response: the head up to the blank line, then Content-Length bytes of body. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(c);
            matched = (c == '\r' || c == '\n') && "\r\n\r\n".charAt(matched) == c ? matched + 1 : c == '\r' ? 1 : 0;
        }
        String head = out.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        out.write(in.readNBytes(length));
        return out.toString(StandardCharsets.UTF_8);
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }
}
