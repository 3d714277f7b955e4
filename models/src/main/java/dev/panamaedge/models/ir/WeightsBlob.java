package dev.panamaedge.models.ir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The growing weights blob of a {@link GraphBuilder}. Each constant starts on an 8-byte boundary and the
 * finished blob is a heap segment over a {@code long[]}, so engines can read f32/i64 values with aligned
 * little-endian layouts, exactly as from a mapped {@code .bin} written by {@link IrWriter}.
 */
final class WeightsBlob {
    static final int ALIGNMENT = 8;
    private byte[] bytes = new byte[1 << 12];
    private int size;

    /** Copies {@code data} in and returns its offset. */
    long append(MemorySegment data) {
        long length = data.byteSize();
        int offset = Math.toIntExact(Math.ceilDiv((long) size, ALIGNMENT) * ALIGNMENT);
        int end = Math.toIntExact(offset + length);
        if (end > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(end, (int) Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
        }
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, bytes, offset, (int) length);
        size = end;
        return offset;
    }

    /** A snapshot of the blob; later appends do not change it. */
    MemorySegment finish() {
        long[] words = new long[Math.ceilDiv(size, ALIGNMENT)];
        MemorySegment segment = MemorySegment.ofArray(words);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, size);
        return segment.asSlice(0, size);
    }
}
