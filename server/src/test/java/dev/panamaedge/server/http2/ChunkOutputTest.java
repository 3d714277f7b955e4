package dev.panamaedge.server.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

final class ChunkOutputTest {

    private static final byte[] CHUNK = {1, 2, 3, 4, 5, 6};

    @Test
    void theWholeChunkInContiguousRangesIsTheChunkItself() {
        ChunkOutput out = new ChunkOutput();
        out.start(CHUNK);
        out.chunkRange(0, 2);
        out.chunkRange(2, 2);
        out.chunkRange(2, 5);
        out.chunkRange(5, 6);
        assertSame(CHUNK, out.finish());
        byte[] empty = new byte[0];
        out.start(empty);
        assertSame(empty, out.finish());
    }

    @Test
    void anythingElseIsCopiedInOrder() {
        ChunkOutput out = new ChunkOutput();
        out.start(CHUNK);
        out.chunkRange(0, 4);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, out.finish());
        out.start(CHUNK);
        assertEquals(0, out.finish().length);
        out.start(CHUNK);
        out.bytes(new byte[] {9, 8});
        out.chunkRange(0, 6);
        assertArrayEquals(new byte[] {9, 8, 1, 2, 3, 4, 5, 6}, out.finish());
        out.start(CHUNK);
        out.chunkRange(0, 1);
        for (int i = 0; i < 10; i++) { // more ranges than the initial capacity
            out.bytes(new byte[] {(byte) (10 + i)});
        }
        out.chunkRange(3, 6);
        assertArrayEquals(new byte[] {1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 4, 5, 6}, out.finish());
        out.start(CHUNK);
        out.chunkRange(0, 3);
        out.chunkRange(3, 6);
        assertSame(CHUNK, out.finish()); // nothing left over from the calls before
    }
}
