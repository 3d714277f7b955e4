package dev.panamaedge.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

final class BufferAssignmentTest {

    private static Step step(int output, int... inputs) {
        return new Step("s" + output, "Relu", null, inputs, output);
    }

    @Test
    void aChainAlternatesBetweenTwoBuffers() {
        // v0 (input) → v1 → v2 → v3 → v4 (output), all 10 floats.
        List<Step> steps = List.of(step(1, 0), step(2, 1), step(3, 2), step(4, 3));
        BufferAssignment a = BufferAssignment.of(steps, new int[] {0}, new int[] {4}, new int[] {10, 10, 10, 10, 10});
        assertArrayEquals(new int[] {0, 1, 0, 1, 0}, a.bufferOf());
        assertArrayEquals(new int[] {10, 10}, a.bufferSizes());
    }

    @Test
    void aResidualInputStaysAliveUntilItsLastReader() {
        // v1 = f(v0); v2 = g(v1); v3 = v1 + v2: v1 must not be overwritten by v2.
        List<Step> steps = List.of(step(1, 0), step(2, 1), step(3, 1, 2));
        BufferAssignment a = BufferAssignment.of(steps, new int[] {0}, new int[] {3}, new int[] {4, 4, 4, 4});
        int[] b = a.bufferOf();
        assertNotEquals(b[1], b[2]);
        assertNotEquals(b[3], b[1]);
        assertNotEquals(b[3], b[2]);
        assertEquals(3, a.bufferSizes().length);
    }

    @Test
    void buffersGrowToTheLargestValueTheyHold() {
        List<Step> steps = List.of(step(1, 0), step(2, 1), step(3, 2));
        BufferAssignment a = BufferAssignment.of(steps, new int[] {0}, new int[] {3}, new int[] {2, 8, 4, 16});
        assertArrayEquals(new int[] {0, 1, 0, 1}, a.bufferOf());
        assertArrayEquals(new int[] {4, 16}, a.bufferSizes());
    }

    @Test
    void constantsGetNoBuffer() {
        // v1 is a constant read by the only step.
        BufferAssignment a = BufferAssignment.of(List.of(step(2, 0, 1)), new int[] {0}, new int[] {2},
                new int[] {3, 0, 3});
        assertEquals(-1, a.bufferOf()[1]);
        assertArrayEquals(new int[] {3, 3}, a.bufferSizes());
    }
}
