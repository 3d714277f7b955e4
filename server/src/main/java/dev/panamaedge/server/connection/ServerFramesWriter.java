package dev.panamaedge.server.connection;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An HTTP/2 connection's writer, one write at a time, through which the server puts frames of its own between two
 * of Helidon's: a GOAWAY at shutdown, and a WINDOW_UPDATE for DATA dropped before Helidon read it
 * ({@link #creditConnection}). Helidon 4.5.0 writes each frame with one call here, but a frame of several buffers
 * may reach the socket in several writes, so a frame of ours written from another thread must wait for the call in
 * progress. Its own frames stay Helidon's: it only watches for the server's first SETTINGS, before which a GOAWAY
 * would break the connection preface (RFC 9113 §3.4).
 */
final class ServerFramesWriter implements DataWriter, ConnectionEnd.Listener {
    private static final int FRAME_HEADER_LENGTH = 9;
    private static final int TYPE_SETTINGS = 0x4;
    private static final int TYPE_GOAWAY = 0x7;
    private static final int TYPE_WINDOW_UPDATE = 0x8;
    private static final int FLAG_ACK = 0x1;
    private static final int NO_ERROR = 0x0;
    /** A connection whose writes are stuck this long (a client that reads nothing) is not told. */
    private static final long LOCK_WAIT_MILLIS = 200;

    private final DataWriter socket;
    private final OpenHttp2Connections open;
    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean settingsSent;
    private boolean goneAway; // guarded by writing

    private ServerFramesWriter(DataWriter socket, OpenHttp2Connections open) {
        this.socket = socket;
        this.open = open;
    }

    /** The writer of an HTTP/2 connection over {@code socket}, among {@code open} until {@code end}. */
    static ServerFramesWriter listed(DataWriter socket, OpenHttp2Connections open, ConnectionEnd end) {
        ServerFramesWriter writer = new ServerFramesWriter(socket, open);
        open.add(writer);
        end.register(writer);
        return writer;
    }

    /** Whether the server's SETTINGS frame has gone out, so that a GOAWAY may follow. */
    boolean started() {
        return settingsSent;
    }

    /**
     * Writes GOAWAY (NO_ERROR, last stream 2^31-1) once; false when it was written before, the connection's
     * writes are stuck, or the connection is already gone.
     */
    boolean goAway() {
        try {
            if (!writing.tryLock(LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            if (goneAway || !settingsSent) {
                return false;
            }
            goneAway = true;
            // last stream id 2^31-1: every stream the client has opened will be processed; error code NO_ERROR
            socket.writeNow(connectionFrame(TYPE_GOAWAY, Integer.MAX_VALUE, NO_ERROR));
            return true;
        } catch (RuntimeException e) {
            return false; // the connection closed meanwhile: nobody left to tell
        } finally {
            writing.unlock();
        }
    }

    /**
     * Gives the client back {@code bytes} of connection flow-control window (a WINDOW_UPDATE on stream 0) for DATA
     * the server dropped unread, as RFC 9113 §6.9 requires of a receiver that does not fail the connection; Helidon
     * credits only what it reads. Waits for the write in progress, as Helidon's own window updates do.
     */
    void creditConnection(int bytes) {
        if (bytes <= 0) {
            return;
        }
        BufferData frame = connectionFrame(TYPE_WINDOW_UPDATE, bytes);
        try {
            locked(null, () -> socket.writeNow(frame));
        } catch (RuntimeException e) {
            // the connection closed meanwhile: no window left to give back
        }
    }

    @Override
    public void connectionEnded() {
        open.remove(this);
    }

    @Override
    public void write(BufferData... buffers) {
        locked(first(buffers), () -> socket.write(buffers));
    }

    @Override
    public void write(BufferData buffer) {
        locked(buffer, () -> socket.write(buffer));
    }

    @Override
    public void writeNow(BufferData... buffers) {
        locked(first(buffers), () -> socket.writeNow(buffers));
    }

    @Override
    public void writeNow(BufferData buffer) {
        locked(buffer, () -> socket.writeNow(buffer));
    }

    @Override
    public void flush() {
        locked(null, socket::flush);
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Runs {@code write}, whose first buffer is {@code first} (null if none), while no other write runs. */
    private void locked(BufferData first, Runnable write) {
        writing.lock();
        try {
            if (first != null && isServerSettings(first)) {
                // Set before the write: a client that has read the SETTINGS may at once make the server stop, and
                // the GOAWAY must not be skipped then; it is written under this lock, so after the SETTINGS.
                settingsSent = true;
            }
            write.run();
        } finally {
            writing.unlock();
        }
    }

    /** A frame of the connection (stream 0, no flags) whose payload is {@code words}, each 4 bytes big-endian. */
    private static BufferData connectionFrame(int type, int... words) {
        int length = 4 * words.length;
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_LENGTH + length);
        frame.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length).put((byte) type)
                .put((byte) 0).putInt(0);
        for (int word : words) {
            frame.putInt(word);
        }
        return BufferData.create(frame.array());
    }

    private static BufferData first(BufferData[] buffers) {
        return buffers.length > 0 ? buffers[0] : null;
    }

    /** Is {@code frame}, about to be written, the server's SETTINGS (not an ACK)? Read without consuming it. */
    private boolean isServerSettings(BufferData frame) {
        return !settingsSent && frame.available() >= FRAME_HEADER_LENGTH
                && frame.get(3) == TYPE_SETTINGS && (frame.get(4) & FLAG_ACK) == 0;
    }
}
