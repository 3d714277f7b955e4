package dev.panamaedge.server.grpc;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The array and offset a {@code bytes} field views, without copying it: a request parsed by
 * {@link AliasingMarshaller} holds its {@code bytes} fields as slices of the one array the message was read into,
 * and a raw camera frame (921,600 bytes at 640x480) read from there saves a copy and its garbage per frame. A
 * field that is not one flat array (never the case for an aliased parse) is copied, as
 * {@link ByteString#toByteArray()} would. The array is shared with the message: read it, never write it.
 *
 * @param array  the bytes, of which the field is {@code [offset, offset + length)}
 * @param offset where the field starts
 * @param length the field's size
 */
public record AliasedBytes(byte[] array, int offset, int length) {

    /** The field's bytes, in place when {@code bytes} views one array. */
    public static AliasedBytes of(ByteString bytes) {
        Capture capture = new Capture();
        try {
            UnsafeByteOperations.unsafeWriteTo(bytes, capture);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // Capture never throws
        }
        return capture.pieces == 1 && capture.length == bytes.size() ? new AliasedBytes(capture.array,
                capture.offset, capture.length) : new AliasedBytes(bytes.toByteArray(), 0, bytes.size());
    }

    /** Keeps the first array protobuf hands over; counts the pieces, so anything but one flat array is copied. */
    private static final class Capture extends ByteOutput {
        private byte[] array = new byte[0];
        private int offset;
        private int length;
        private int pieces;

        @Override
        public void write(byte value) {
            pieces += 2;
        }

        @Override
        public void write(byte[] value, int offset, int length) {
            writeLazy(value, offset, length);
        }

        @Override
        public void writeLazy(byte[] value, int offset, int length) {
            if (pieces++ == 0) {
                this.array = value;
                this.offset = offset;
                this.length = length;
            }
        }

        @Override
        public void write(ByteBuffer value) {
            pieces += 2;
        }

        @Override
        public void writeLazy(ByteBuffer value) {
            pieces += 2;
        }
    }
}
