package dev.panamaedge.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 connection over a plain socket, bytes written by hand (bad chunk sizes, bodies that never end),
 * and the server's reply read raw until it closes or goes quiet.
 */
final class RawHttp1 implements AutoCloseable {
    private final RawSocket socket;

    /** What came back: the reply's bytes as text, how the exchange ended, and when. */
    record Reply(String text, String ended, long millis) {
        int status() {
            return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        String body() {
            int at = text.indexOf("\r\n\r\n");
            return at < 0 ? "" : text.substring(at + 4);
        }
    }

    RawHttp1(int port) throws IOException {
        socket = new RawSocket(port);
    }

    /** Writes bytes; false when the server has closed or reset the connection. */
    boolean send(byte[] bytes) {
        return socket.send(bytes);
    }

    boolean send(String ascii) {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads until the server closes, or until {@code quietMillis} pass without a byte after a complete reply
     * head, or {@code maxMillis} in all.
     */
    Reply read(long maxMillis) throws IOException {
        long start = System.nanoTime();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        String ended;
        while (true) {
            long left = maxMillis - (System.nanoTime() - start) / 1_000_000;
            if (left <= 0) {
                ended = "no reply";
                break;
            }
            socket.timeout(got.size() > 0 ? Math.min(left, 500) : left);
            try {
                int n = socket.in().read(buf);
                if (n < 0) {
                    ended = "closed";
                    break;
                }
                got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                ended = got.size() > 0 ? "open" : "no reply";
                break;
            } catch (IOException e) {
                ended = "reset";
                break;
            }
        }
        return new Reply(got.toString(StandardCharsets.ISO_8859_1), ended, (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
