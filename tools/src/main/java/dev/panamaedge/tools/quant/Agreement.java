package dev.panamaedge.tools.quant;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How often two classifiers agree over the same inputs: top-1 equality, and whether the first engine's top-1
 * is inside the second's top-5. This is the quantization yardstick: INT8 against its FP32 origin.
 *
 * <p>Ties: when several classes share the maximum score, which one is "top-1" is an index-order convention,
 * not a decision of the model. {@link #top1WithTies} therefore also counts an input as agreeing when one
 * engine's top-1 is among the other's tied maxima (either way round). Quantized u8 outputs, like the coral
 * model's probabilities in steps of 1/256, tie often; float outputs practically never do, so for them both
 * counts are equal.
 *
 * @param samples      inputs compared
 * @param top1         inputs where both engines' top-1 class is the same
 * @param top1WithTies inputs where the top-1 classes are equal or one is among the other's tied maxima
 * @param top1InTop5   inputs where {@code a}'s top-1 is among {@code b}'s five best
 * @param misses       indices of the inputs whose top-1 differs even counting ties
 */
public record Agreement(int samples, int top1, int top1WithTies, int top1InTop5, List<Integer> misses) {
    public Agreement {
        misses = List.copyOf(misses);
    }

    public double top1Rate() {
        return samples == 0 ? 0 : top1 / (double) samples;
    }

    /** {@link #top1WithTies} over {@link #samples}. */
    public double top1WithTiesRate() {
        return samples == 0 ? 0 : top1WithTies / (double) samples;
    }

    public double top5Rate() {
        return samples == 0 ? 0 : top1InTop5 / (double) samples;
    }

    /** The {@code k} best classes of {@code engine} on every sample, and its tied maxima (first output). */
    public static Ranking[] rankings(Engine engine, List<Tensor> samples, int k, PrintWriter progress) {
        String input = engine.inputs().getFirst().name();
        Ranking[] out = new Ranking[samples.size()];
        Progress bar = new Progress(progress, "running " + engine.name(), samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Map<String, Tensor> result = engine.run(Map.of(input, samples.get(i)));
            out[i] = Ranking.of(result.values().iterator().next().toFloatArray(), k);
            bar.step();
        }
        bar.done();
        return out;
    }

    /** Compares rankings from {@link #rankings} (at least top-5 for {@code b}). */
    public static Agreement compare(Ranking[] a, Ranking[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " vs " + b.length + " samples");
        }
        int top1 = 0;
        int tied = 0;
        int top5 = 0;
        List<Integer> misses = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i].top1() == b[i].top1()) {
                top1++;
            }
            if (a[i].top1() == b[i].top1() || b[i].isTiedMax(a[i].top1()) || a[i].isTiedMax(b[i].top1())) {
                tied++;
            } else {
                misses.add(i);
            }
            int[] bt = b[i].top();
            for (int j = 0; j < Math.min(5, bt.length); j++) {
                if (bt[j] == a[i].top1()) {
                    top5++;
                    break;
                }
            }
        }
        return new Agreement(a.length, top1, tied, top5, misses);
    }

    /** Indices of the {@code k} largest values, largest first; equal values keep index order. */
    static int[] topK(float[] v, int k) {
        int n = Math.min(k, v.length);
        int[] best = new int[n];
        java.util.Arrays.fill(best, -1);
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < n; j++) {
                if (best[j] < 0 || v[i] > v[best[j]]) {
                    System.arraycopy(best, j, best, j + 1, n - j - 1);
                    best[j] = i;
                    break;
                }
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "top-1 agreement %d/%d (%.2f %%), counting ties %d/%d (%.2f %%), top-1 in top-5 %d/%d (%.2f %%)",
                top1, samples, 100 * top1Rate(), top1WithTies, samples, 100 * top1WithTiesRate(), top1InTop5, samples,
                100 * top5Rate());
    }
}
