package dev.panamaedge.server.http2;

import static dev.panamaedge.server.http2.HpackBlocks.AUTHORITY;
import static dev.panamaedge.server.http2.HpackBlocks.PATH;
import static dev.panamaedge.server.http2.HpackBlocks.concat;
import static dev.panamaedge.server.http2.HpackBlocks.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.helidon.http.http2.Http2FrameData;
import io.helidon.http.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

final class HeaderBlockFramesTest {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int WINDOW_UPDATE = 0x8;
    private static final int CONTINUATION = 0x9;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY = 0x20;

    /** For streams no client has reset: nothing is dropped, so nothing is credited. */
    static final IntConsumer NO_DROPS = bytes -> {
        throw new AssertionError("dropped " + bytes + " bytes of DATA");
    };

    /** Feeds the stream in chunks of {@code size} bytes and returns everything passed on. */
    private static byte[] pass(byte[] stream, int size, int maxBlockBytes) {
        HeaderBlockFrames frames = new HeaderBlockFrames(maxBlockBytes, NO_DROPS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < stream.length; at += size) {
            out.writeBytes(frames.process(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + size))));
        }
        return out.toByteArray();
    }

    /** Preface, SETTINGS, a padded and prioritised HEADERS split over a CONTINUATION, DATA, a second request. */
    private static byte[] connection() {
        byte[] first = HpackBlocks.firstRequest();
        byte[] headersPayload = concat(new byte[] {3}, new byte[] {0, 0, 0, 0, 15}, Arrays.copyOf(first, 20),
                new byte[3]);
        return concat(PREFACE,
                frame(SETTINGS, 0, 0, new byte[0]),
                frame(HEADERS, PADDED | PRIORITY, 1, headersPayload),
                frame(CONTINUATION, END_HEADERS, 1, Arrays.copyOfRange(first, 20, first.length)),
                frame(DATA, END_STREAM, 1, new byte[] {0, 0, 0, 0, 2, 8, 1}),
                frame(HEADERS, END_HEADERS | END_STREAM, 3, HpackBlocks.secondRequest()));
    }

    @Test
    void helidonDecodesEveryRequestWhateverTheChunking() {
        byte[] stream = connection();
        byte[] whole = pass(stream, stream.length, 65536);
        assertArrayEquals(PREFACE, Arrays.copyOf(whole, PREFACE.length));
        List<Http2FrameData> frames = HpackBlocks.frames(Arrays.copyOfRange(whole, PREFACE.length, whole.length));
        assertEquals(List.of(SETTINGS, HEADERS, CONTINUATION, DATA, HEADERS),
                frames.stream().map(f -> f.header().type().type()).toList());
        // the first block: priority kept, padding dropped; 75 bytes now, so 5 + 56 in HEADERS (the client's
        // largest frame was 61) and the rest in a CONTINUATION that ends the headers
        assertEquals(PRIORITY, frames.get(1).header().flags());
        assertEquals(61, frames.get(1).header().length());
        assertEquals(END_HEADERS, frames.get(2).header().flags());
        assertEquals(END_HEADERS | END_STREAM, frames.get(4).header().flags());
        assertEquals(3, frames.get(4).header().streamId());
        Http2Headers.DynamicTable table = Http2Headers.DynamicTable.create(4096);
        Http2Headers first = HpackBlocks.decode(table, frames.subList(1, 3));
        Http2Headers second = HpackBlocks.decode(table, List.of(frames.get(4)));
        assertEquals(PATH, first.path());
        assertEquals(AUTHORITY, first.authority());
        assertEquals(PATH, second.path());
        assertEquals("trailers", HpackBlocks.te(second));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 2, 8, 1}, frames.get(3).data().readBytes());
        for (int size : new int[] {1, 2, 5, 9, 10, 33}) {
            assertArrayEquals(whole, pass(stream, size, 65536), "chunks of " + size);
        }
    }

    @Test
    void aRewrittenBlockLargerThanOneFrameIsSplitNoLargerThanTheClientsFrames() {
        byte[] first = HpackBlocks.firstRequest();
        byte[] stream = concat(PREFACE,
                frame(HEADERS, 0, 5, Arrays.copyOf(first, 10)),
                frame(CONTINUATION, 0, 5, Arrays.copyOfRange(first, 10, 20)),
                frame(CONTINUATION, END_HEADERS, 5, Arrays.copyOfRange(first, 20, first.length)));
        byte[] out = pass(stream, 7, 65536);
        List<Http2FrameData> frames = HpackBlocks.frames(Arrays.copyOfRange(out, PREFACE.length, out.length));
        int largestIn = first.length - 20;
        for (Http2FrameData f : frames) {
            assertEquals(5, f.header().streamId());
            assertEquals(true, f.header().length() <= largestIn, "frame of " + f.header().length());
        }
        assertEquals(HEADERS, frames.getFirst().header().type().type());
        assertEquals(END_HEADERS, frames.getLast().header().flags());
        Http2Headers decoded = HpackBlocks.decode(Http2Headers.DynamicTable.create(4096), frames);
        assertEquals(PATH, decoded.path());
    }

    @Test
    void protocolErrorsAndOversizedBlocksPassExactlyAsReceived() {
        byte[] first = HpackBlocks.firstRequest();
        byte[] interleaved = concat(PREFACE,
                frame(HEADERS, 0, 1, Arrays.copyOf(first, 20)),
                frame(DATA, 0, 1, new byte[] {1, 2, 3}),
                frame(CONTINUATION, END_HEADERS, 1, Arrays.copyOfRange(first, 20, first.length)));
        assertArrayEquals(interleaved, pass(interleaved, 3, 65536));
        byte[] otherStream = concat(PREFACE,
                frame(HEADERS, 0, 1, Arrays.copyOf(first, 20)),
                frame(CONTINUATION, END_HEADERS, 3, Arrays.copyOfRange(first, 20, first.length)));
        assertArrayEquals(otherStream, pass(otherStream, 4, 65536));
        byte[] badPadding = concat(PREFACE, frame(HEADERS, PADDED | END_HEADERS, 1, concat(new byte[] {(byte) 200}, first)));
        assertArrayEquals(badPadding, pass(badPadding, 11, 65536));
        byte[] large = concat(PREFACE, frame(HEADERS, END_HEADERS, 1, first));
        assertArrayEquals(large, pass(large, 6, first.length)); // over the limit once the frame header counts
    }

    @Test
    void dataInsideAFramePassesWithoutACopy() {
        HeaderBlockFrames frames = new HeaderBlockFrames(65536, NO_DROPS);
        frames.process(PREFACE);
        byte[] header = Arrays.copyOf(frame(DATA, 0, 1, new byte[150_000]), 9);
        assertArrayEquals(header, frames.process(header));
        byte[] body = new byte[100_000];
        assertSame(body, frames.process(body));
        byte[] rest = new byte[50_000 + 9];
        byte[] restOut = frames.process(rest);
        assertEquals(rest.length, restOut.length);
    }

    @Test
    void aChunkAcrossFrameBoundariesWithAnUnchangedHeadersBlockIsHandedOnAsTheSameArray() {
        HeaderBlockFrames frames = new HeaderBlockFrames(65536, NO_DROPS);
        assertSame(PREFACE, frames.process(PREFACE));
        byte[] firstData = frame(DATA, 0, 1, filled(20_000, 1));
        byte[] head = Arrays.copyOf(firstData, 16_384);
        assertSame(head, frames.process(head));
        // the tail of that DATA frame, a HEADERS frame that needs no rewrite, the start of the next DATA frame
        byte[] nextData = frame(DATA, END_STREAM, 3, filled(30_000, 2));
        byte[] chunk = concat(Arrays.copyOfRange(firstData, 16_384, firstData.length),
                frame(HEADERS, END_HEADERS, 3, HpackBlocks.secondRequest()), Arrays.copyOf(nextData, 10_000));
        assertSame(chunk, frames.process(chunk));
        byte[] rest = Arrays.copyOfRange(nextData, 10_000, nextData.length);
        assertSame(rest, frames.process(rest));
    }

    @Test
    void unchangedBlocksPaddingPriorityAndContinuationInOneChunkAreHandedOnAsTheSameArray() {
        byte[] block = HpackBlocks.secondRequest();
        byte[] padded = concat(new byte[] {2}, new byte[] {0, 0, 0, 0, 15}, Arrays.copyOf(block, 2), new byte[2]);
        byte[] chunk = concat(frame(SETTINGS, 0, 0, new byte[0]),
                frame(HEADERS, PADDED | PRIORITY, 1, padded),
                frame(CONTINUATION, 0, 1, new byte[0]),
                frame(CONTINUATION, END_HEADERS, 1, Arrays.copyOfRange(block, 2, block.length)),
                frame(DATA, END_STREAM, 1, filled(100, 3)),
                frame(WINDOW_UPDATE, 0, 0, new byte[] {0, 1, 0, 0}),
                frame(HEADERS, END_HEADERS | END_STREAM, 3, block));
        HeaderBlockFrames frames = new HeaderBlockFrames(65536, NO_DROPS);
        frames.process(PREFACE);
        assertSame(chunk, frames.process(chunk));
        byte[] withPreface = concat(PREFACE, chunk);
        assertSame(withPreface, new HeaderBlockFrames(65536, NO_DROPS).process(withPreface));
    }

    /**
     * What grpc-java sends after a server ended a call it was still streaming into: its RST_STREAM, then the rest
     * of the message it was writing. That DATA never reaches Helidon (which would fail the connection) and its
     * bytes come back as connection window; the frames around it pass, whatever the chunking.
     */
    @Test
    void dataOnAStreamTheClientResetIsDroppedAndCredited() {
        byte[] before = frame(DATA, 0, 1, filled(40, 1));
        byte[] reset = frame(RST_STREAM, 0, 1, new byte[] {0, 0, 0, 8}); // CANCEL
        byte[] late = frame(DATA, 0, 1, filled(300, 2));
        byte[] lateEnd = frame(DATA, END_STREAM, 1, filled(7, 3));
        byte[] other = frame(DATA, 0, 3, filled(25, 4));
        byte[] stream = concat(PREFACE, before, reset, late, other, lateEnd);
        byte[] expected = concat(PREFACE, before, reset, other);
        for (int cut = 0; cut <= stream.length; cut++) {
            List<Integer> credited = new ArrayList<>();
            HeaderBlockFrames frames = new HeaderBlockFrames(65536, credited::add);
            byte[] out = concat(frames.process(Arrays.copyOf(stream, cut)),
                    frames.process(Arrays.copyOfRange(stream, cut, stream.length)));
            assertArrayEquals(expected, out, "cut at " + cut);
            assertEquals(List.of(300, 7), credited, "cut at " + cut);
        }
    }

    @Test
    void everyChunkEndingOutsideHeldFramesIsHandedOnAsTheSameArray() {
        byte[] block = HpackBlocks.secondRequest();
        List<Integer> clean = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i <= PREFACE.length; i++) {
            clean.add(i);
        }
        stream.writeBytes(PREFACE);
        appendPassThrough(stream, clean, frame(SETTINGS, 0, 0, new byte[] {0, 4, 0, 1, 0, 0}));
        appendHeld(stream, clean, concat(frame(HEADERS, 0, 1, Arrays.copyOf(block, 3)),
                frame(CONTINUATION, END_HEADERS, 1, Arrays.copyOfRange(block, 3, block.length))));
        appendPassThrough(stream, clean, frame(DATA, 0, 1, filled(40, 4)));
        appendPassThrough(stream, clean, frame(DATA, END_STREAM, 1, filled(25, 5)));
        appendHeld(stream, clean, frame(HEADERS, END_HEADERS | PADDED, 3, concat(new byte[] {1}, block, new byte[1])));
        appendPassThrough(stream, clean, frame(DATA, END_STREAM, 3, filled(30, 6)));
        byte[] whole = stream.toByteArray();
        for (int cut : clean) {
            HeaderBlockFrames frames = new HeaderBlockFrames(65536, NO_DROPS);
            byte[] first = Arrays.copyOf(whole, cut);
            byte[] second = Arrays.copyOfRange(whole, cut, whole.length);
            assertSame(first, frames.process(first), "first chunk up to " + cut);
            assertSame(second, frames.process(second), "second chunk from " + cut);
        }
        for (int cut = 0; cut <= whole.length; cut++) {
            HeaderBlockFrames frames = new HeaderBlockFrames(65536, NO_DROPS);
            byte[] out = concat(frames.process(Arrays.copyOf(whole, cut)),
                    frames.process(Arrays.copyOfRange(whole, cut, whole.length)));
            assertArrayEquals(whole, out, "cut at " + cut);
        }
    }

    @Test
    void heldReleasedOrRewrittenBytesComeInANewArray() {
        byte[] first = HpackBlocks.firstRequest();
        byte[] headers = frame(HEADERS, END_HEADERS, 1, first);
        HeaderBlockFrames rewriting = new HeaderBlockFrames(65536, NO_DROPS);
        rewriting.process(PREFACE);
        byte[] rewritten = rewriting.process(headers);
        assertNotSame(headers, rewritten);
        assertEquals(PATH, HpackBlocks.decode(Http2Headers.DynamicTable.create(4096),
                HpackBlocks.frames(rewritten)).path());

        byte[] data = frame(DATA, 0, 1, filled(50, 7));
        byte[] stream = concat(data, frame(HEADERS, END_HEADERS, 3, HpackBlocks.secondRequest()), data);
        HeaderBlockFrames frames = new HeaderBlockFrames(65536, NO_DROPS);
        frames.process(PREFACE);
        int inHeader = data.length + 4; // ends inside the HEADERS frame's header: held back
        byte[] held = Arrays.copyOf(stream, inHeader);
        byte[] heldOut = frames.process(held);
        assertNotSame(held, heldOut);
        assertArrayEquals(data, heldOut);
        int inData = inHeader + 30; // the rest of HEADERS released with the start of the next DATA frame
        byte[] released = Arrays.copyOfRange(stream, inHeader, inData);
        byte[] releasedOut = frames.process(released);
        assertArrayEquals(Arrays.copyOfRange(stream, data.length, inData), releasedOut);
        byte[] rest = Arrays.copyOfRange(stream, inData, stream.length);
        assertSame(rest, frames.process(rest));
    }

    @Test
    void everyCutIntoTwoOrThreeChunksGivesTheBytesOfTheWholeStream() {
        byte[] first = HpackBlocks.firstRequest();
        byte[] stream = concat(connection(),
                frame(DATA, 0, 3, filled(40, 8)),
                frame(HEADERS, 0, 5, Arrays.copyOf(first, 20)), // interrupted by DATA: released as received
                frame(DATA, 0, 5, filled(3, 9)),
                frame(HEADERS, PADDED | END_HEADERS, 7, concat(new byte[] {(byte) 200}, first)), // bad padding
                frame(HEADERS, END_HEADERS, 9, first));
        byte[] whole = pass(stream, stream.length, 65536);
        for (int a = 0; a <= stream.length; a++) {
            HeaderBlockFrames frames = new HeaderBlockFrames(65536, NO_DROPS);
            byte[] out = concat(frames.process(Arrays.copyOf(stream, a)),
                    frames.process(Arrays.copyOfRange(stream, a, stream.length)));
            assertArrayEquals(whole, out, "cut at " + a);
            for (int b = a; b <= stream.length; b += 7) {
                frames = new HeaderBlockFrames(65536, NO_DROPS);
                out = concat(frames.process(Arrays.copyOf(stream, a)),
                        frames.process(Arrays.copyOfRange(stream, a, b)),
                        frames.process(Arrays.copyOfRange(stream, b, stream.length)));
                assertArrayEquals(whole, out, "cuts at " + a + " and " + b);
            }
        }
    }

    /** Appends a frame that passes through: a chunk may end anywhere but inside its 9-byte header. */
    private static void appendPassThrough(ByteArrayOutputStream stream, List<Integer> clean, byte[] frame) {
        int start = stream.size();
        stream.writeBytes(frame);
        for (int i = start + 9; i <= stream.size(); i++) {
            clean.add(i);
        }
    }

    /** Appends the frames of one header block, held until complete: a chunk may end only after them. */
    private static void appendHeld(ByteArrayOutputStream stream, List<Integer> clean, byte[] frames) {
        stream.writeBytes(frames);
        clean.add(stream.size());
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
