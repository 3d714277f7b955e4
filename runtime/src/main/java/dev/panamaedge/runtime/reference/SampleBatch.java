package dev.panamaedge.runtime.reference;

import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the reference engine runs a batch of N on a model planned at batch 1: as N samples, one after the other,
 * each its own run, the outputs stacked along dimension 0. Its plan is static, and a batch of independent
 * samples is exactly what an image model's batch dimension means (no op here mixes samples), so a batch's row
 * {@code i} is by construction bit-identical to running sample {@code i} alone: the oracle the batched OpenVINO
 * engine and the server's batcher are checked against.
 */
final class SampleBatch {
    private SampleBatch() {
    }

    /**
     * The batch size when every given tensor is a stack of {@code N > 1} of its batch-1 input (same key as
     * the spec or the single key of a single-input model); 1 otherwise, which leaves the usual checks to run.
     */
    static int size(List<TensorSpec> specs, Map<String, Tensor> given) {
        if (given == null || given.size() != specs.size()) {
            return 1;
        }
        int n = -1;
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec spec = specs.get(i);
            Tensor t = specs.size() == 1 ? given.values().iterator().next() : given.get(spec.name());
            long[] want = spec.dims();
            if (t == null || t.type() != spec.type() || want.length == 0 || want[0] != 1
                    || t.shape().rank() != want.length || t.shape().dim(0) < 2) {
                return 1;
            }
            long[] one = t.shape().dims();
            one[0] = 1;
            if (!spec.accepts(new Shape(one)) || (n >= 0 && n != t.shape().dim(0))) {
                return 1;
            }
            n = Math.toIntExact(t.shape().dim(0));
        }
        return Math.max(n, 1);
    }

    /** Runs each of the {@code n} samples through {@code single} and stacks the outputs. */
    static Map<String, Tensor> run(Map<String, Tensor> given, int n,
                                   Function<Map<String, Tensor>, Map<String, Tensor>> single) {
        List<Map<String, Tensor>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Tensor> sample = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : given.entrySet()) {
                sample.put(e.getKey(), slice(e.getValue(), i, n));
            }
            results.add(single.apply(sample));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : results.getFirst().keySet()) {
            Tensor first = results.getFirst().get(name);
            long[] dims = first.shape().dims();
            dims[0] = Math.multiplyExact(dims[0], (long) n);
            long per = first.byteSize();
            MemorySegment all = MemorySegment.ofArray(new byte[Math.toIntExact(Math.multiplyExact(per, (long) n))]);
            for (int i = 0; i < n; i++) {
                MemorySegment.copy(results.get(i).get(name).data(), 0, all, i * per, per);
            }
            out.put(name, Tensor.wrap(first.type(), new Shape(dims), all));
        }
        return out;
    }

    private static Tensor slice(Tensor batch, int i, int n) {
        long[] dims = batch.shape().dims();
        dims[0] = 1;
        long per = batch.byteSize() / n;
        return Tensor.wrap(batch.type(), new Shape(dims), batch.data().asSlice(i * per, per));
    }
}
