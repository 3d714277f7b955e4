package dev.panamaedge.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A plain TCP connection to a test server on loopback, under the raw-protocol fixtures ({@link RawHttp1},
 * {@link RawHttp2}, {@link RawGrpcCall}): Nagle off, so each write leaves as the test wrote it.
 */
final class RawSocket implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** The server's bytes. */
    DataInputStream in() {
        return in;
    }

    /** How long a read may wait before {@link java.net.SocketTimeoutException}. */
    void timeout(long millis) throws IOException {
        socket.setSoTimeout((int) millis);
    }

    synchronized void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes bytes; false when the server has closed or reset the connection meanwhile. */
    boolean send(byte[] bytes) {
        try {
            write(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
