package dev.panamaedge.tools.quant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One classifier output ranked: its best classes, and every class that shares the maximum score. A quantized
 * output (the coral model's u8 probabilities) often has ties at the top, and then which class is "top-1" is
 * only an index-order convention.
 *
 * @param top  indices of the best scores, best first, equal scores in index order
 * @param tied every index whose score equals the maximum, ascending (at least {@code top[0]})
 */
public record Ranking(int[] top, int[] tied) {
    public Ranking {
        top = top.clone();
        tied = tied.clone();
    }

    @Override
    public int[] top() {
        return top.clone();
    }

    public int top1() {
        return top[0];
    }

    /** Whether {@code index} shares the maximum score. */
    public boolean isTiedMax(int index) {
        return Arrays.binarySearch(tied, index) >= 0;
    }

    /** Ranks {@code scores}, keeping the {@code k} best. */
    public static Ranking of(float[] scores, int k) {
        int[] top = Agreement.topK(scores, k);
        float max = scores[top[0]];
        List<Integer> tied = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == max) {
                tied.add(i);
            }
        }
        return new Ranking(top, tied.stream().mapToInt(Integer::intValue).toArray());
    }
}
