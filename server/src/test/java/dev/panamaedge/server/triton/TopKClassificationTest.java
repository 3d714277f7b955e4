package dev.panamaedge.server.triton;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.image.Labels;
import dev.panamaedge.server.Inference;
import dev.panamaedge.server.WireType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Triton's classification strings: ranking, per-batch rows, positions with label offset, value formatting. */
final class TopKClassificationTest {

    private static Inference.Output floats(Shape shape, float... v) {
        return new Inference.Output("prob", WireType.FP32, Tensor.ofFloats(shape, v));
    }

    @Test
    void ranksEachBatchItemAndNamesPositionsThroughTheLabelOffset() {
        Labels labels = new Labels(List.of("cat", "dog", "owl"), 1); // output 0 is background
        TopKClassification c = TopKClassification.of(floats(Shape.of(2, 4), 0.1f, 0.2f, 0.6f, 0.1f,
                0.7f, 0.05f, 0.05f, 0.2f), 2, labels);
        assertArrayEquals(new long[] {2, 2}, c.shape());
        assertEquals(List.of("0.600000:2:dog", "0.200000:1:cat", "0.700000:0", "0.200000:3:owl"), c.classes());
    }

    @Test
    void aVectorGivesKStringsAndKIsCappedAtTheOutputSize() {
        TopKClassification c = TopKClassification.of(floats(Shape.of(3), 1f, 3f, 2f), 10, Labels.none());
        assertArrayEquals(new long[] {3}, c.shape());
        assertEquals(List.of("3.000000:1", "2.000000:2", "1.000000:0"), c.classes());
    }

    @Test
    void integersPrintAsDigitsAndTiesKeepTheLowerIndexFirst() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(-4).putInt(7).putInt(7).putInt(1);
        Inference.Output out = new Inference.Output("sum", WireType.INT32, Tensor.wrap(ElementType.I32,
                Shape.of(1, 4), MemorySegment.ofArray(b.array())));
        assertEquals(List.of("7:1", "7:2", "1:3"), TopKClassification.of(out, 3, Labels.none()).classes());
    }

    @Test
    void serializedIsTheBytesWireForm() {
        byte[] wire = TopKClassification.of(floats(Shape.of(1, 2), 0.25f, 0.75f), 1, Labels.none()).serialized();
        ByteBuffer b = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt();
        assertEquals("0.750000:1", new String(wire, 4, n, StandardCharsets.UTF_8));
        assertEquals(4 + n, wire.length);
    }

    @Test
    void aClassCountBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopKClassification.count(0, "prob"));
        assertEquals("output 'prob': parameters.classification must be a positive integer, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopKClassification.count(2.5, "prob"));
        assertThrows(IllegalArgumentException.class, () -> TopKClassification.count("3", "prob"));
        assertEquals(3, TopKClassification.count(3, "prob"));
    }
}
