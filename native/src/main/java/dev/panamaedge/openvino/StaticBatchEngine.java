package dev.panamaedge.openvino;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Any batch on a model compiled once per static batch size: a batch of a compiled size runs as it is, any other
 * is split into compiled sizes (largest first) that run at once on their own infer requests, and the outputs are
 * joined in row order. Size 1 is always compiled, so every batch has a plan.
 *
 * <p>Why not one model with a dynamic batch dimension ({@link BatchShape#upTo}): OpenVINO's CPU plugin runs
 * that far slower than the same batch compiled static (benchmark_app on the pulled INT8 MobileNetV2, same run:
 * 707 img/s with {@code -b 8}, 321 with {@code -shape input[1..8,224,224,3] -data_shape input[8,224,224,3]}),
 * which lost batching more than it gained (docs/batching.md).
 *
 * <p>Inputs of a single compiled size are lent to OpenVINO as {@link OpenVinoEngine#run} lends them; the parts of
 * a split batch are copied into their requests' own buffers, since they run on other threads. The inputs and
 * outputs report the batch dimension as dynamic ({@code -1}). Owns its core and every compiled size; {@link
 * #close} is idempotent and {@link #run} throws after it.
 */
public final class StaticBatchEngine implements Engine {
    private final Core core;
    private final NavigableMap<Integer, OpenVinoEngine> bySize;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StaticBatchEngine(Core core, NavigableMap<Integer, OpenVinoEngine> bySize) {
        this.core = core;
        this.bySize = bySize;
        OpenVinoEngine largest = bySize.lastEntry().getValue();
        this.inputs = largest.inputs().stream().map(StaticBatchEngine::anyBatch).toList();
        this.outputs = largest.outputs().stream().map(StaticBatchEngine::anyBatch).toList();
    }

    /**
     * Compiles {@code model} once for each of {@code sizes} and for batch 1, on a core of its own.
     *
     * @throws IllegalArgumentException when a size is below 1
     * @throws OpenVinoException        when the graph cannot take a batch (a Reshape pinned to batch 1) or compile
     */
    public static StaticBatchEngine load(Path model, CompileOptions options, Collection<Integer> sizes) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        TreeSet<Integer> compiled = new TreeSet<>(sizes);
        if (compiled.first() < 1) {
            throw new IllegalArgumentException("batch sizes must be at least 1, got " + sizes);
        }
        compiled.add(1);
        Core core = Core.create();
        NavigableMap<Integer, OpenVinoEngine> bySize = new TreeMap<>();
        try {
            for (int size : compiled) {
                bySize.put(size, OpenVinoEngine.load(core, model, options, BatchShape.fixed(size)));
            }
            return new StaticBatchEngine(core, bySize);
        } catch (RuntimeException | Error e) {
            bySize.values().forEach(OpenVinoEngine::close);
            core.close();
            throw e;
        }
    }

    /** The compiled batch sizes, ascending. */
    public List<Integer> sizes() {
        return List.copyOf(bySize.keySet());
    }

    /** The compiled sizes a batch of {@code rows} runs as, largest first; they sum to {@code rows}. */
    public List<Integer> plan(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("a batch needs at least 1 row, got " + rows);
        }
        List<Integer> parts = new ArrayList<>();
        for (int left = rows; left > 0; ) {
            int size = bySize.floorKey(left);
            parts.add(size);
            left -= size;
        }
        return parts;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /** The largest compiled size's request pool: the batches worth running at once. */
    @Override
    public int optimalConcurrency() {
        return bySize.lastEntry().getValue().optimalConcurrency();
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> given) {
        Objects.requireNonNull(given, "inputs");
        if (closed.get()) {
            throw new IllegalStateException("StaticBatchEngine is closed");
        }
        int rows = rows(given);
        List<Integer> plan = plan(rows);
        if (plan.size() == 1) {
            return bySize.get(rows).run(given);
        }
        List<CompletableFuture<Map<String, Tensor>>> parts = new ArrayList<>(plan.size());
        int offset = 0;
        for (int size : plan) {
            parts.add(bySize.get(size).runAsync(rowsOf(given, offset, size)));
            offset += size;
        }
        List<Map<String, Tensor>> results = new ArrayList<>(parts.size());
        try {
            for (CompletableFuture<Map<String, Tensor>> part : parts) {
                results.add(part.join());
            }
        } catch (CompletionException e) {
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).exceptionally(t -> null).join();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        return joined(results);
    }

    /** Closes every compiled size (each waits for its inferences in flight), then the core. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            bySize.values().forEach(OpenVinoEngine::close);
        } finally {
            core.close();
        }
    }

    @Override
    public String toString() {
        return "StaticBatchEngine[" + inputs + " -> " + outputs + ", batch sizes " + bySize.keySet()
                + (closed.get() ? ", closed]" : "]");
    }

    private int rows(Map<String, Tensor> given) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("no inputs; the model's inputs are " + inputs);
        }
        long rows = -1;
        for (Map.Entry<String, Tensor> e : given.entrySet()) {
            Tensor t = Objects.requireNonNull(e.getValue(), () -> "input '" + e.getKey() + "' is null");
            if (t.shape().rank() == 0) {
                throw new IllegalArgumentException("input '" + e.getKey() + "' has no batch dimension");
            }
            if (rows >= 0 && t.shape().dim(0) != rows) {
                throw new IllegalArgumentException("inputs disagree on the batch: " + rows + " and "
                        + t.shape().dim(0) + " rows");
            }
            rows = t.shape().dim(0);
        }
        if (rows < 1 || rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch needs at least 1 row, got " + rows);
        }
        return (int) rows;
    }

    /** Rows {@code [offset, offset + count)} of each tensor, as views (no copy). */
    private static Map<String, Tensor> rowsOf(Map<String, Tensor> tensors, int offset, int count) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, t.rows(offset, count)));
        return out;
    }

    /** Each output's parts, one after the other in a heap tensor. */
    private static Map<String, Tensor> joined(List<Map<String, Tensor>> parts) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : parts.getFirst().keySet()) {
            out.put(name, Tensor.concatRows(parts.stream().map(part -> part.get(name)).toList()));
        }
        return out;
    }

    private static TensorSpec anyBatch(TensorSpec spec) {
        long[] dims = spec.dims();
        if (dims.length > 0) {
            dims[0] = -1;
        }
        return new TensorSpec(spec.name(), spec.type(), dims);
    }
}
