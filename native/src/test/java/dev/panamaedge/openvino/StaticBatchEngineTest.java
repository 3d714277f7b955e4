package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticBatchEngineTest {
    private static final CompileOptions THROUGHPUT = CompileOptions.cpu().withHint(PerformanceHint.THROUGHPUT);

    @TempDir
    Path tmp;

    /** Row r holds r*10 + column, so any row out of place shows. */
    private static float[] rows(int n) {
        float[] v = new float[n * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i / 4) * 10f + i % 4 - 20f;
        }
        return v;
    }

    private static float[] expected(float[] in) {
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i] + TestModels.ADD_BIAS[i % 4];
        }
        return out;
    }

    @Test
    void plansSplitIntoCompiledSizesLargestFirst() throws Exception {
        try (StaticBatchEngine engine = StaticBatchEngine.load(TestModels.tinyAdd().writeTo(tmp), THROUGHPUT,
                List.of(8, 4, 2))) {
            assertEquals(List.of(1, 2, 4, 8), engine.sizes(), "size 1 is always compiled");
            assertEquals(List.of(8), engine.plan(8));
            assertEquals(List.of(4, 2, 1), engine.plan(7));
            assertEquals(List.of(8, 8, 2), engine.plan(18));
            assertThrows(IllegalArgumentException.class, () -> engine.plan(0));
            assertEquals(List.of(new TensorSpec("input", ElementType.F32, new long[] {-1, 4})), engine.inputs());
            assertEquals(List.of(new TensorSpec("output", ElementType.F32, new long[] {-1, 4})), engine.outputs());
        }
    }

    @Test
    void everyBatchFromOneToBeyondTheLargestSizeMatchesRowByRow() throws Exception {
        try (StaticBatchEngine engine = StaticBatchEngine.load(TestModels.tinyAdd().writeTo(tmp), THROUGHPUT,
                Set.of(2, 4));
                Arena arena = Arena.ofConfined()) {
            for (int n = 1; n <= 11; n++) {
                float[] in = rows(n);
                Tensor heap = Tensor.ofFloats(Shape.of(n, 4), in);
                Tensor lent = Tensor.allocate(ElementType.F32, Shape.of(n, 4), arena);
                MemorySegment.copy(in, 0, lent.data(), ValueLayout.JAVA_FLOAT_UNALIGNED, 0, in.length);
                for (Tensor input : List.of(heap, lent)) {
                    Tensor out = engine.run(Map.of("input", input)).get("output");
                    assertEquals(Shape.of(n, 4), out.shape(), "batch of " + n);
                    assertArrayEquals(expected(in), out.toFloatArray(), "batch of " + n + " " + engine.plan(n));
                    assertTrue(!out.data().isNative(), "outputs are heap copies the caller owns");
                }
            }
        }
    }

    @Test
    void badInputsAndUseAfterCloseAreClearErrors() throws Exception {
        StaticBatchEngine engine = StaticBatchEngine.load(TestModels.tinyAdd().writeTo(tmp), THROUGHPUT, List.of(4));
        try {
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> engine.run(Map.of("input", Tensor.ofFloats(Shape.of(2, 3), new float[6]))));
            assertTrue(shape.getMessage().contains("input 'input'"), shape.getMessage());
            IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
                    () -> engine.run(Map.of("input", Tensor.ofFloats(Shape.of(3, 3), new float[9]))));
            assertTrue(split.getMessage().contains("input 'input'"), split.getMessage());
            assertThrows(IllegalArgumentException.class, () -> engine.run(Map.of()));
        } finally {
            engine.close();
        }
        engine.close();
        assertThrows(IllegalStateException.class,
                () -> engine.run(Map.of("input", Tensor.ofFloats(Shape.of(1, 4), new float[4]))));
    }

    @Test
    void sizeBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> StaticBatchEngine.load(TestModels.tinyAdd().writeTo(tmp), THROUGHPUT, List.of(0, 4)));
    }
}
