package dev.panamaedge.server.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.runtime.image.RawFormat;
import dev.panamaedge.runtime.image.RawFrame;
import dev.panamaedge.server.grpc.vision.ClassifyRequest;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class AliasedBytesTest {

    @SuppressWarnings("unchecked")
    private static ClassifyRequest parsedAsTheServerParsesIt(byte[] sent) {
        MethodDescriptor.Marshaller<ClassifyRequest> marshaller = (MethodDescriptor.Marshaller<ClassifyRequest>)
                AliasingMarshaller.requestsOf(new EdgeVisionGrpc.EdgeVisionImplBase() {
                }).getMethod(EdgeVisionGrpc.getClassifyMethod().getFullMethodName()).getMethodDescriptor()
                        .getRequestMarshaller();
        return marshaller.parse(new ByteArrayInputStream(sent));
    }

    private static byte[] pixels(int n) {
        byte[] b = new byte[n];
        new Random(5).nextBytes(b);
        return b;
    }

    @Test
    void aRawFrameOfAnAliasedParseIsReadInTheMessagesOwnArray() {
        byte[] pixels = pixels(4 * 3 * 3);
        ClassifyRequest parsed = parsedAsTheServerParsesIt(ClassifyRequest.newBuilder().setModelName("m")
                .setRaw(dev.panamaedge.server.grpc.vision.RawFrame.newBuilder().setWidth(4).setHeight(3)
                        .setFormat(dev.panamaedge.server.grpc.vision.RawFormat.RGB)
                        .setData(ByteString.copyFrom(pixels)))
                .setTopK(3).build().toByteArray());
        AliasedBytes data = AliasedBytes.of(parsed.getRaw().getData());
        assertTrue(data.offset() > 0 && data.array().length > data.length(), "a slice of the whole message");
        assertArrayEquals(pixels, Arrays.copyOfRange(data.array(), data.offset(), data.offset() + data.length()));
        RawFrame frame = RawFrameMessages.frame(parsed.getRaw());
        assertEquals(RawFormat.RGB, frame.format());
        assertEquals(pixels.length, frame.length());
        assertArrayEquals(pixels, Arrays.copyOfRange(frame.data(), frame.offset(), frame.offset() + frame.length()));
    }

    @Test
    void aFrameShorterThanItsSizeIsRefusedEvenWithMoreMessageAfterIt() {
        byte[] frameFirst = ClassifyRequest.newBuilder().setModelName("m")
                .setRaw(dev.panamaedge.server.grpc.vision.RawFrame.newBuilder().setWidth(4).setHeight(3)
                        .setFormat(dev.panamaedge.server.grpc.vision.RawFormat.RGB)
                        .setData(ByteString.copyFrom(pixels(4 * 3 * 3 - 1)))).build().toByteArray();
        // Fields may come in any order on the wire: a version string lies right after the frame's bytes.
        byte[] versionAfter = ClassifyRequest.newBuilder().setModelVersion("a version after the frame").build()
                .toByteArray();
        byte[] sent = Arrays.copyOf(frameFirst, frameFirst.length + versionAfter.length);
        System.arraycopy(versionAfter, 0, sent, frameFirst.length, versionAfter.length);
        ClassifyRequest parsed = parsedAsTheServerParsesIt(sent);
        assertEquals("a version after the frame", parsed.getModelVersion());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RawFrameMessages.frame(parsed.getRaw()));
        assertEquals("raw RGB frame 4x3 with stride 12 needs 36 bytes (stride x 3 rows), got 35", e.getMessage());
    }

    @Test
    void bytesNotInOneArrayAreCopied() {
        ByteString rope = ByteString.copyFrom(pixels(3000)).concat(ByteString.copyFrom(pixels(2000)));
        AliasedBytes data = AliasedBytes.of(rope);
        assertEquals(0, data.offset());
        assertArrayEquals(rope.toByteArray(), data.array());
        AliasedBytes empty = AliasedBytes.of(ByteString.EMPTY);
        assertEquals(0, empty.length());
    }
}
