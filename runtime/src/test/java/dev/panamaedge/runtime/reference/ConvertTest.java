package dev.panamaedge.runtime.reference;

import static dev.panamaedge.runtime.reference.TinyGraph.attrs;
import static dev.panamaedge.runtime.reference.TinyGraph.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Convert-1 as OpenVINO's CPU plugin computes it (checked against OpenVINO 2026.4 by hand). */
final class ConvertTest {
    private static final float[] X = {-300, -1.5f, -0.5f, 0.4f, 2.5f, 3.7f, 128.5f, 254.5f, 255.5f, 300.7f};

    private static Tensor convert(ElementType to, float... x) {
        TinyGraph g = new TinyGraph();
        int in = g.parameter("x", ElementType.F32, x.length);
        g.result("out", g.op("Convert", "cvt", to, attrs("destination_type", to.irName()), dims(x.length), in));
        try (ReferenceEngine e = ReferenceEngine.load(g.build())) {
            return e.run(Map.of("x", Tensor.ofFloats(Shape.of(x.length), x))).get("out");
        }
    }

    @Test
    void floatToU8TruncatesThenWrapsModulo256() {
        Tensor t = convert(ElementType.U8, X);
        assertEquals(ElementType.U8, t.type());
        assertArrayEquals(new float[] {212, 255, 0, 0, 2, 3, 128, 254, 255, 44}, t.toFloatArray());
    }

    @Test
    void floatToI8TruncatesThenWraps() {
        assertArrayEquals(new float[] {-44, -1, 0, 0, 2, 3, -128, -2, -1, 44},
                convert(ElementType.I8, X).toFloatArray());
    }

    @Test
    void floatToI32TruncatesTowardZero() {
        assertArrayEquals(new float[] {-300, -1, 0, 0, 2, 3, 128, 254, 255, 300},
                convert(ElementType.I32, X).toFloatArray());
    }

    @Test
    void nanAndOutOfRangeBecomeInt32MinimumBeforeNarrowing() {
        float[] x = {Float.NaN, 1e10f, -1e10f, Float.POSITIVE_INFINITY};
        assertArrayEquals(new float[] {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE},
                convert(ElementType.I32, x).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0}, convert(ElementType.U8, x).toFloatArray());
    }

    @Test
    void booleanIsTrueForNonZeroButNotNaN() {
        assertArrayEquals(new float[] {1, 0, 0, 1, 1}, convert(ElementType.BOOLEAN, 2, 0, Float.NaN, -0.1f,
                Float.NEGATIVE_INFINITY).toFloatArray());
    }

    @Test
    void floatToF16RoundsToNearestEven() {
        // 65535.9 overflows f16 (max 65504), 255.99 rounds to 256, 1 + 2^-11 is a tie that rounds to 1.
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, 256, 1, -0.7001953f},
                convert(ElementType.F16, 65535.9f, 255.99f, 1 + 0x1p-11f, -0.7f).toFloatArray());
    }

    @Test
    void u8ParameterConvertsExactlyToF32() {
        TinyGraph g = new TinyGraph();
        int in = g.parameter("x", ElementType.U8, 3);
        g.result("out", g.op("Convert", "cvt", ElementType.F32, attrs("destination_type", "f32"), dims(3), in));
        try (ReferenceEngine e = ReferenceEngine.load(g.build())) {
            Tensor out = e.run(Map.of("x", Tensor.ofBytes(ElementType.U8, Shape.of(3), (byte) 0, (byte) 128,
                    (byte) 255))).get("out");
            assertArrayEquals(new float[] {0, 128, 255}, out.toFloatArray());
        }
    }

    @Test
    void f16WeightsDecompressThroughAFoldedConvert() {
        // ovc's compress_to_fp16 writes f16 Consts followed by Convert to f32; the engine folds the pair at load.
        TinyGraph g = new TinyGraph();
        int x = g.parameter("x", ElementType.F32, 3);
        int half = g.constant(ElementType.F16, dims(3), 0.1f, 65504f, -2.5f);
        int w = g.op("Convert", "decompress", ElementType.F32, attrs("destination_type", "f32"), dims(3), half);
        g.result("out", g.op("Add", attrs(), dims(3), x, w));
        assertArrayEquals(new float[] {0.0999755859375f, 65504f, -2.5f}, TinyGraph.evaluate(g.build(), new float[3]));
    }
}
