package dev.panamaedge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamaedge.models.ir.ElementType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class EngineInputsTest {
    private static final TensorSpec A = new TensorSpec("a", ElementType.F32, new long[] {-1, 2});
    private static final TensorSpec B = new TensorSpec("b", ElementType.U8, new long[] {1, 2});

    private static IllegalArgumentException refused(List<TensorSpec> specs, Map<String, Tensor> given) {
        return assertThrows(IllegalArgumentException.class, () -> EngineInputs.inModelOrder(specs, given));
    }

    @Test
    void tensorsComeBackInModelOrderWhateverTheMapOrder() {
        Tensor a = Tensor.ofFloats(Shape.of(3, 2), new float[6]);
        Tensor b = Tensor.ofBytes(ElementType.U8, Shape.of(1, 2), (byte) 1, (byte) 2);
        Map<String, Tensor> given = new LinkedHashMap<>();
        given.put("b", b);
        given.put("a", a);
        List<Tensor> ordered = EngineInputs.inModelOrder(List.of(A, B), given);
        assertSame(a, ordered.get(0));
        assertSame(b, ordered.get(1));
    }

    @Test
    void aSingleInputModelTakesItsTensorUnderAnyKeyAndNamesItsOwnInput() {
        Tensor a = Tensor.ofFloats(Shape.of(1, 2), 1, 2);
        assertSame(a, EngineInputs.inModelOrder(List.of(A), Map.of("whatever", a)).get(0));
        assertEquals("input 'a': expected shape [-1, 2], got [1, 3]",
                refused(List.of(A), Map.of("whatever", Tensor.ofFloats(Shape.of(1, 3), 1, 2, 3))).getMessage());
    }

    @Test
    void everyMismatchIsNamed() {
        Tensor a = Tensor.ofFloats(Shape.of(1, 2), 1, 2);
        Tensor b = Tensor.ofBytes(ElementType.U8, Shape.of(1, 2), (byte) 1, (byte) 2);
        assertEquals("unknown input 'c'; the model's inputs are [a:f32[-1, 2], b:u8[1, 2]]",
                refused(List.of(A, B), Map.of("a", a, "b", b, "c", b)).getMessage());
        assertEquals("missing input 'b' (b:u8[1, 2]); got [a]", refused(List.of(A, B), Map.of("a", a)).getMessage());
        assertEquals("input 'b': expected element type u8, got f32",
                refused(List.of(A, B), Map.of("a", a, "b", a)).getMessage());
        Map<String, Tensor> withNull = new HashMap<>();
        withNull.put("a", a);
        withNull.put("b", null);
        assertEquals("input 'b' is null; expected b:u8[1, 2]", refused(List.of(A, B), withNull).getMessage());
    }
}
