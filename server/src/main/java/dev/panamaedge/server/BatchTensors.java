package dev.panamaedge.server;

import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stacking requests' inputs along dimension 0 into one batch, and handing each request its rows of the outputs. */
final class BatchTensors {
    private BatchTensors() {
    }

    /**
     * One tensor per input name holding every request's rows in order, in {@code arena} (native memory the
     * engine reads in place) or on the heap when {@code arena} is null. Each request's bytes are copied once.
     */
    static Map<String, Tensor> stack(List<Map<String, Tensor>> requests, int rows, Arena arena) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : requests.getFirst().keySet()) {
            Tensor first = requests.getFirst().get(name);
            long rowBytes = first.byteSize() / first.shape().dim(0);
            long[] dims = first.shape().dims();
            dims[0] = rows;
            long total = Math.multiplyExact(rowBytes, (long) rows);
            MemorySegment all = arena == null ? MemorySegment.ofArray(new byte[Math.toIntExact(total)])
                    : arena.allocate(total, 64);
            long at = 0;
            for (Map<String, Tensor> r : requests) {
                Tensor t = r.get(name);
                if (t == null || t.type() != first.type() || t.byteSize() != rowBytes * t.shape().dim(0)) {
                    throw new IllegalArgumentException("input '" + name + "' differs between the batched requests");
                }
                MemorySegment.copy(t.data(), 0, all, at, t.byteSize());
                at += t.byteSize();
            }
            out.put(name, Tensor.wrap(first.type(), new Shape(dims), all));
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
