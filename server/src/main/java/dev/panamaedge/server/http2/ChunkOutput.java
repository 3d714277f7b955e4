package dev.panamaedge.server.http2;

import java.util.Arrays;

/**
 * The bytes {@link HeaderBlockFrames} hands on for one chunk, recorded as ranges (of the chunk or of other
 * arrays) and only copied into a new array when they are not exactly the chunk.
 *
 * <p>Why: most socket reads cross a DATA frame boundary but change nothing, and copying each one cost more
 * CPU than the rest of the layer. Not thread-safe; reused chunk after chunk by one connection.
 */
final class ChunkOutput {

    private static final byte[] EMPTY = new byte[0];

    private byte[] chunk = EMPTY;
    private byte[][] sources = new byte[4][];
    private int[] starts = new int[4];
    private int[] ends = new int[4];
    private int count;
    private int length;

    /** Starts recording the output for {@code chunk}. */
    void start(byte[] chunk) {
        this.chunk = chunk;
        count = 0;
        length = 0;
    }

    /** Hands on {@code chunk[start, end)} as received. */
    void chunkRange(int start, int end) {
        add(chunk, start, end);
    }

    /** Hands on all of {@code bytes}; the array must not change until {@link #finish()}. */
    void bytes(byte[] bytes) {
        add(bytes, 0, bytes.length);
    }

    /**
     * @return what was recorded since {@link #start(byte[])}: the chunk itself when that is all of it (or it
     *         is empty), otherwise a new array
     */
    byte[] finish() {
        byte[] result;
        if (count == 0) {
            result = chunk.length == 0 ? chunk : EMPTY;
        } else if (count == 1 && sources[0] == chunk && starts[0] == 0 && ends[0] == chunk.length) {
            result = chunk;
        } else {
            result = new byte[length];
            int at = 0;
            for (int i = 0; i < count; i++) {
                int n = ends[i] - starts[i];
                System.arraycopy(sources[i], starts[i], result, at, n);
                at += n;
            }
        }
        // drop the references so that neither the chunk nor released frames outlive this call
        Arrays.fill(sources, 0, count, null);
        chunk = EMPTY;
        count = 0;
        length = 0;
        return result;
    }

    private void add(byte[] source, int start, int end) {
        if (start == end) {
            return;
        }
        length += end - start;
        if (count > 0 && sources[count - 1] == source && ends[count - 1] == start) {
            ends[count - 1] = end; // contiguous with the previous range: the pass-through case
            return;
        }
        if (count == sources.length) {
            sources = Arrays.copyOf(sources, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        sources[count] = source;
        starts[count] = start;
        ends[count] = end;
        count++;
    }
}
