package dev.panamaedge.server.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ServerConnectionException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

final class SocketReadsTest {

    private static final byte[] REQUEST_LINE = "GET /v2 HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Socket reads in order, then end of stream (null) for ever, as Helidon's sockets report it. */
    private static Supplier<byte[]> socket(byte[]... reads) {
        Deque<byte[]> queue = new ArrayDeque<>(List.of(reads));
        return queue::poll;
    }

    private static Supplier<byte[]> untouchable() {
        return () -> {
            throw new AssertionError("read after the hand-over");
        };
    }

    @Test
    void whatTheListenersReaderHoldsComesFirstInOneCopyThenTheSocketsOwnArrays() {
        byte[] first = "GET /v2 HT".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "TP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        DataReader listener = DataReader.create(socket(first, second));
        listener.getBuffer(first.length + second.length); // peeked by the selectors, position unmoved
        byte[] body = new byte[4096];
        SocketReads reads = new SocketReads(listener, socket(body));
        assertArrayEquals(REQUEST_LINE, reads.get());
        assertEquals(0, listener.available());
        assertSame(body, reads.get());
        assertNull(reads.get());
        assertNull(reads.get());
    }

    @Test
    void withNothingBufferedTheListenersReaderIsNeverReadAndTheSocketIs() {
        SocketReads reads = new SocketReads(DataReader.create(untouchable()), socket(REQUEST_LINE));
        assertSame(REQUEST_LINE, reads.get());
        assertNull(reads.get());
    }

    @Test
    void aSocketFailureBecomesTheServerConnectionExceptionHelidonsReaderThrows() {
        UncheckedIOException failure = new UncheckedIOException(new SocketException("Connection reset"));
        SocketReads reads = new SocketReads(DataReader.create(untouchable()), () -> {
            throw failure;
        });
        ServerConnectionException e = assertThrows(ServerConnectionException.class, reads::get);
        assertSame(failure, e.getCause());
        assertEquals("Failed to get data from socket", e.getMessage());
        IllegalStateException other = new IllegalStateException("Read 0 bytes");
        SocketReads unmapped = new SocketReads(DataReader.create(untouchable()), () -> {
            throw other;
        });
        assertSame(other, assertThrows(IllegalStateException.class, unmapped::get));
    }
}
