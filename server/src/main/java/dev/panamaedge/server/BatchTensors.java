package dev.panamaedge.server;

import dev.panamaedge.runtime.Tensor;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stacking requests' inputs along dimension 0 into one batch, and handing each request its rows of the outputs. */
final class BatchTensors {
    private BatchTensors() {
    }

    /** A request's batch items: the first dimension of its first input (1 for a scalar input or none). */
    static long batchOf(Map<String, Tensor> inputs) {
        return inputs.values().stream().findFirst().filter(t -> t.shape().rank() > 0).map(t -> t.shape().dim(0))
                .orElse(1L);
    }

    /**
     * One tensor per input name holding every request's rows in order, in {@code arena} (native memory the
     * engine reads in place) or on the heap when {@code arena} is null. Each request's bytes are copied once.
     */
    static Map<String, Tensor> stack(List<Map<String, Tensor>> requests, Arena arena) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : requests.getFirst().keySet()) {
            List<Tensor> parts = new ArrayList<>(requests.size());
            for (Map<String, Tensor> r : requests) {
                Tensor t = r.get(name);
                if (t == null) {
                    throw new IllegalArgumentException("input '" + name + "' differs between the batched requests");
                }
                parts.add(t);
            }
            try {
                out.put(name, arena == null ? Tensor.concatRows(parts) : Tensor.concatRows(parts, arena));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input '" + name + "' differs between the batched requests", e);
            }
        }
        return out;
    }

    /** Rows {@code [offset, offset + count)} of every output, as views of the batch's outputs (no copy). */
    static Map<String, Tensor> rows(Map<String, Tensor> outputs, int offset, int count, int rows) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            Tensor t = e.getValue();
            if (t.shape().rank() == 0 || t.shape().dim(0) != rows) {
                throw new IllegalStateException("output '" + e.getKey() + "' " + t.shape()
                        + " has no batch dimension of " + rows);
            }
            out.put(e.getKey(), t.rows(offset, count));
        }
        return out;
    }
}
