package dev.panamaedge.server.http2;

import static dev.panamaedge.server.http2.HpackBlocks.concat;
import static dev.panamaedge.server.http2.HpackBlocks.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamaedge.server.connection.SocketReads;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

final class RewrittenReadsTest {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    private static final int END_HEADERS = 0x4;

    /** Socket reads in order, then end of stream (null) for ever, as Helidon's sockets report it. */
    private static Supplier<byte[]> socket(byte[]... reads) {
        Deque<byte[]> queue = new ArrayDeque<>(List.of(reads));
        return queue::poll;
    }

    /** The listener's reader after the selectors peeked at the first reads without consuming them. */
    private static DataReader peeked(byte[]... reads) {
        DataReader reader = DataReader.create(socket(reads));
        int total = Arrays.stream(reads).mapToInt(r -> r.length).sum();
        reader.getBuffer(total); // pulls them all, position unmoved, like ConnectionHandler.identifyConnection
        return reader;
    }

    private static Supplier<byte[]> untouchable() {
        return () -> {
            throw new AssertionError("read after the hand-over");
        };
    }

    @Test
    void whatTheListenersReaderHoldsComesFirstThenTheSocketsOwnArrays() {
        byte[] settings = frame(SETTINGS, 0, 0, new byte[0]);
        DataReader listener = peeked(PREFACE, settings);
        byte[] headers = frame(HEADERS, END_HEADERS, 1, HpackBlocks.secondRequest());
        byte[] data = frame(DATA, 0, 1, new byte[30_000]);
        byte[] both = concat(headers, Arrays.copyOf(data, 20_000 - headers.length));
        byte[] rest = Arrays.copyOfRange(data, 20_000 - headers.length, data.length);
        RewrittenReads reads = new RewrittenReads(new SocketReads(listener, socket(both, rest)),
                new HeaderBlockFrames(65536, HeaderBlockFramesTest.NO_DROPS));
        assertArrayEquals(concat(PREFACE, settings), reads.get());
        assertEquals(0, listener.available());
        assertSame(both, reads.get());
        assertSame(rest, reads.get());
        assertNull(reads.get());
    }

    @Test
    void anIncompleteHeaderBlockWaitsForMoreReadsAndEndOfStreamReachesTheConnectionAsBefore() {
        byte[] headers = frame(HEADERS, END_HEADERS, 1, HpackBlocks.firstRequest());
        byte[] start = concat(PREFACE, Arrays.copyOf(headers, 12));
        byte[] end = Arrays.copyOfRange(headers, 12, headers.length);
        Supplier<byte[]> socket = socket(start, Arrays.copyOf(end, 5), Arrays.copyOfRange(end, 5, end.length));
        DataReader connection = DataReader.create(new RewrittenReads(
                new SocketReads(DataReader.create(untouchable()), socket), new HeaderBlockFrames(65536, HeaderBlockFramesTest.NO_DROPS)));
        assertArrayEquals(PREFACE, connection.readBytes(PREFACE.length));
        connection.ensureAvailable(); // the two reads that complete the block come back as one
        byte[] rewritten = connection.readBytes(connection.available());
        assertEquals(HpackBlocks.PATH, HpackBlocks.decode(Http2Headers.DynamicTable.create(4096),
                HpackBlocks.frames(rewritten)).path());
        // the listener's reader, at the same point, throws this from the same call
        assertThrows(DataReader.InsufficientDataAvailableException.class, connection::ensureAvailable);

        DataReader cutShort = DataReader.create(new RewrittenReads(
                new SocketReads(DataReader.create(untouchable()), socket(start)), new HeaderBlockFrames(65536, HeaderBlockFramesTest.NO_DROPS)));
        assertArrayEquals(PREFACE, cutShort.readBytes(PREFACE.length));
        assertThrows(DataReader.InsufficientDataAvailableException.class, cutShort::ensureAvailable);
    }
}
