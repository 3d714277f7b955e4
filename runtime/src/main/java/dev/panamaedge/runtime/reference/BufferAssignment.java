package dev.panamaedge.runtime.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which buffer holds each run-time value. Greedy, in step order: a step's output takes the smallest free
 * buffer that fits (or grows the largest free one, or opens a new one), and a value's buffer is freed after
 * its last reader. A step's output never shares a buffer with its own inputs, so kernels read and write
 * freely; model outputs keep their buffers to the end of the run.
 *
 * @param bufferOf    buffer id of every value, -1 for constants (size 0)
 * @param bufferSizes floats per buffer
 */
record BufferAssignment(int[] bufferOf, int[] bufferSizes) {

    /**
     * @param steps   the run-time steps in execution order
     * @param inputs  values written before the first step (Parameters)
     * @param outputs values read after the last step (Results)
     * @param sizes   floats per value; 0 for constants, which need no buffer
     */
    static BufferAssignment of(List<Step> steps, int[] inputs, int[] outputs, int[] sizes) {
        int n = sizes.length;
        int[] lastUse = new int[n];
        Arrays.fill(lastUse, -1);
        for (int s = 0; s < steps.size(); s++) {
            for (int v : steps.get(s).inputs()) {
                lastUse[v] = s;
            }
        }
        for (int v : outputs) {
            lastUse[v] = Integer.MAX_VALUE;
        }
        int[] bufferOf = new int[n];
        Arrays.fill(bufferOf, -1);
        List<Integer> capacity = new ArrayList<>();
        Set<Integer> free = new HashSet<>();
        for (int v : inputs) {
            bufferOf[v] = take(free, capacity, sizes[v]);
        }
        for (int v : inputs) {
            if (lastUse[v] < 0) {
                free.add(bufferOf[v]);
            }
        }
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            bufferOf[step.output()] = take(free, capacity, sizes[step.output()]);
            for (int v : step.inputs()) {
                if (bufferOf[v] >= 0 && lastUse[v] == s) {
                    free.add(bufferOf[v]);
                }
            }
            if (lastUse[step.output()] < 0) {
                free.add(bufferOf[step.output()]); // computed but never read: still needs somewhere to go
            }
        }
        return new BufferAssignment(bufferOf, capacity.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int take(Set<Integer> free, List<Integer> capacity, int size) {
        int best = -1;
        int largest = -1;
        for (int b : free) {
            int cap = capacity.get(b);
            if (cap >= size && (best < 0 || cap < capacity.get(best))) {
                best = b;
            }
            if (largest < 0 || cap > capacity.get(largest)) {
                largest = b;
            }
        }
        int chosen = best >= 0 ? best : largest;
        if (chosen < 0) {
            capacity.add(size);
            return capacity.size() - 1;
        }
        free.remove(chosen);
        capacity.set(chosen, Math.max(capacity.get(chosen), size));
        return chosen;
    }
}
