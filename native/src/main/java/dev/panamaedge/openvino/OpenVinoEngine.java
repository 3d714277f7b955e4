package dev.panamaedge.openvino;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.EngineInputs;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runtime {@link Engine} on OpenVINO: one compiled model and a pool of infer requests sized from
 * {@code OPTIMAL_NUMBER_OF_INFER_REQUESTS} as {@link CompileOptions#requests()} says. This is the only class where runtime's {@link Tensor} meets
 * OpenVINO's, which is spelled out in full.
 *
 * <p>Inputs: {@link #run} lends native input segments to OpenVINO for that one inference without copying
 * ({@link InferRequest#setInputMemory}; the caller's memory must stay alive until {@code run} returns, which a
 * confined arena guarantees) and copies heap ones into buffers each request owns; {@link #runAsync} always
 * copies, so the caller may release its memory as soon as the call returns. Outputs are copied to heap
 * tensors the caller owns. Inputs are checked in Java (names, types, shapes) before any native call.
 *
 * <p>Threads: {@link #run} and {@link #runAsync} from any number of threads; both block while all requests
 * are busy. On a virtual thread {@link #run} parks for the inference instead of pinning its carrier, and is
 * woken by OpenVINO's completion callback itself ({@link InferRequest#infer()}): the cheapest way for a
 * server's request threads to wait. {@link #close} waits for inferences in flight, then frees the requests,
 * the compiled model and, if this engine created it, the core.
 */
public final class OpenVinoEngine implements Engine {
    private static final System.Logger LOG = System.getLogger(OpenVinoEngine.class.getName());

    private final Optional<Core> ownedCore;
    private final CompiledModel compiled;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final List<RequestSlot> slots;
    private final ConcurrentLinkedQueue<RequestSlot> idle;
    private final Semaphore permits;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenVinoEngine(Optional<Core> ownedCore, CompiledModel compiled, RequestPoolSize requests) {
        this.ownedCore = ownedCore;
        this.compiled = compiled;
        this.inputs = compiled.inputs().stream().map(OpenVinoEngine::spec).toList();
        this.outputs = compiled.outputs().stream().map(OpenVinoEngine::spec).toList();
        int size = requests.resolve(compiled.optimalNumberOfInferRequests());
        List<RequestSlot> created = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            created.add(new RequestSlot(compiled.createInferRequest(), inputs, outputs));
        }
        this.slots = List.copyOf(created);
        this.idle = new ConcurrentLinkedQueue<>(slots);
        this.permits = new Semaphore(size, true);
    }

    /**
     * Creates a core, compiles {@code model} (IR xml, ONNX, TFLite…) and builds the request pool. The core
     * belongs to the engine and closes with it.
     *
     * @throws DeviceNotAvailableException if the device is absent, listing the available ones
     * @throws OpenVinoException           if OpenVINO cannot read or compile the model
     */
    public static OpenVinoEngine load(Path model, CompileOptions options) {
        Core core = Core.create();
        try {
            return create(Optional.of(core), core, model, options);
        } catch (RuntimeException | Error e) {
            core.close();
            throw e;
        }
    }

    /** As {@link #load(Path, CompileOptions)} on a shared core, which the caller keeps and closes. */
    public static OpenVinoEngine load(Core core, Path model, CompileOptions options) {
        Objects.requireNonNull(core, "core");
        return create(Optional.empty(), core, model, options);
    }

    /**
     * As {@link #load(Core, Path, CompileOptions)}, with the input's batch dimension set to {@code batch} before
     * compiling ({@link Model#reshapeBatch}): a batch-1 IR then runs batches. The file is read and compiled
     * from memory, so {@link CompileOptions#cacheDir()} is not keyed by content here.
     *
     * @throws OpenVinoException if the graph cannot take the batch (a Reshape pinned to batch 1) or compile
     */
    public static OpenVinoEngine load(Core core, Path model, CompileOptions options, BatchShape batch) {
        Objects.requireNonNull(core, "core");
        return createBatched(Optional.empty(), core, model, options, batch);
    }

    /** As {@link #load(Core, Path, CompileOptions, BatchShape)} on a core of its own, closed with the engine. */
    public static OpenVinoEngine load(Path model, CompileOptions options, BatchShape batch) {
        Core core = Core.create();
        try {
            return createBatched(Optional.of(core), core, model, options, batch);
        } catch (RuntimeException | Error e) {
            core.close();
            throw e;
        }
    }

    private static OpenVinoEngine createBatched(Optional<Core> owned, Core core, Path model, CompileOptions options,
                                                BatchShape batch) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(batch, "batch");
        CompiledModel compiled;
        try (Model graph = core.readModel(model)) {
            graph.reshapeBatch(batch.min(), batch.max());
            compiled = core.compile(graph, options);
        }
        try {
            OpenVinoEngine engine = new OpenVinoEngine(owned, compiled, options.requests());
            LOG.log(System.Logger.Level.INFO, "OpenVINO {0} loaded {1} on {2} with {3} infer requests ({4}), batch {5}",
                    OpenVino.load().version(), model.getFileName(), options.device(), engine.slots.size(),
                    options.requests(), batch);
            return engine;
        } catch (RuntimeException | Error e) {
            compiled.close();
            throw e;
        }
    }

    private static OpenVinoEngine create(Optional<Core> owned, Core core, Path model, CompileOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        CompiledModel compiled = core.compile(model, options);
        try {
            OpenVinoEngine engine = new OpenVinoEngine(owned, compiled, options.requests());
            LOG.log(System.Logger.Level.INFO, "OpenVINO {0} loaded {1} on {2} with {3} infer requests ({4})",
                    OpenVino.load().version(), model.getFileName(), options.device(), engine.slots.size(),
                    options.requests());
            return engine;
        } catch (RuntimeException | Error e) {
            compiled.close();
            throw e;
        }
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

    /** The pool size: {@code OPTIMAL_NUMBER_OF_INFER_REQUESTS} unless {@link CompileOptions#requests()} says more. */
    @Override
    public int optimalConcurrency() {
        return slots.size();
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputTensors) {
        List<Tensor> ordered = bind(inputTensors);
        RequestSlot slot = acquire();
        try {
            return slot.run(ordered);
        } finally {
            release(slot);
        }
    }

    /**
     * Starts an inference on a free request (waiting for one if all are busy) and returns; the future
     * completes on a virtual thread once OpenVINO is done. Inputs are copied before this returns.
     */
    @Override
    public CompletableFuture<Map<String, Tensor>> runAsync(Map<String, Tensor> inputTensors) {
        RequestSlot slot;
        CompletableFuture<Void> started;
        try {
            List<Tensor> ordered = bind(inputTensors);
            slot = acquire();
            try {
                started = slot.start(ordered);
            } catch (RuntimeException | Error e) {
                release(slot);
                throw e;
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        RequestSlot busy = slot;
        return started.thenApply(done -> busy.collect()).whenComplete((result, failure) -> release(busy));
    }

    /**
     * Runs one inference and returns OpenVINO's per-node profile of it (kernels and times); needs an engine
     * compiled with {@link CompileOptions#profiling()}, else the list is empty.
     */
    public List<ProfilingInfo> profile(Map<String, Tensor> inputTensors) {
        List<Tensor> ordered = bind(inputTensors);
        RequestSlot slot = acquire();
        try {
            slot.run(ordered);
            return slot.request().profilingInfo();
        } finally {
            release(slot);
        }
    }

    /** A compiled-model property, e.g. {@code EXECUTION_DEVICES} or {@code NUM_STREAMS}. */
    public String property(String key) {
        return compiled.property(key);
    }

    /** Waits for inferences in flight, then frees requests, compiled model and an owned core. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        permits.acquireUninterruptibly(slots.size());
        try {
            slots.forEach(RequestSlot::close);
            compiled.close();
            ownedCore.ifPresent(Core::close);
        } finally {
            // Wakes callers still queued for a request: they see the engine closed and throw.
            permits.release(slots.size());
        }
    }

    @Override
    public String toString() {
        return "OpenVinoEngine[" + inputs + " -> " + outputs + ", " + slots.size() + " requests"
                + (closed.get() ? ", closed]" : "]");
    }

    private RequestSlot acquire() {
        ensureOpen();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free infer request", e);
        }
        if (closed.get()) {
            permits.release();
            throw new IllegalStateException("OpenVinoEngine is closed");
        }
        return Objects.requireNonNull(idle.poll(), "a permit without an idle request");
    }

    private void release(RequestSlot slot) {
        idle.add(slot);
        permits.release();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("OpenVinoEngine is closed");
        }
    }

    /**
     * Orders the caller's tensors as the model's inputs and checks names, element types and shapes.
     *
     * @throws IllegalArgumentException naming the input and the expected versus actual type or shape
     */
    private List<Tensor> bind(Map<String, Tensor> given) {
        Objects.requireNonNull(given, "inputs");
        ensureOpen();
        return EngineInputs.inModelOrder(inputs, given);
    }

    private static TensorSpec spec(PortInfo port) {
        return new TensorSpec(port.name(), port.elementType(), port.dims());
    }

    /**
     * One pooled infer request with its own input buffers, reused across runs so heap inputs are copied
     * into memory allocated once.
     */
    private static final class RequestSlot {
        private final InferRequest request;
        private final List<TensorSpec> inputs;
        private final List<TensorSpec> outputs;
        private final dev.panamaedge.openvino.Tensor[] buffers;

        RequestSlot(InferRequest request, List<TensorSpec> inputs, List<TensorSpec> outputs) {
            this.request = request;
            this.inputs = inputs;
            this.outputs = outputs;
            this.buffers = new dev.panamaedge.openvino.Tensor[inputs.size()];
        }

        InferRequest request() {
            return request;
        }

        /**
         * Native inputs are lent to OpenVINO for this one inference (no copy, no tensor to close: a wrapped
         * tensor's shared arena would cost a thread handshake per run); heap inputs are copied into the slot's
         * buffers. Outputs are copied out before returning, while lent memory is still the caller's to keep.
         */
        Map<String, Tensor> run(List<Tensor> given) {
            for (int i = 0; i < given.size(); i++) {
                Tensor tensor = given.get(i);
                if (tensor.data().isNative()) {
                    request.setInputMemory(i, tensor.type(), tensor.shape().dims(), tensor.data());
                } else {
                    request.setInput(i, copyIn(i, tensor));
                }
            }
            request.infer();
            return collect();
        }

        CompletableFuture<Void> start(List<Tensor> given) {
            for (int i = 0; i < given.size(); i++) {
                request.setInput(i, copyIn(i, given.get(i)));
            }
            return request.startAsync();
        }

        /** Copies each output into a heap tensor the caller owns. */
        Map<String, Tensor> collect() {
            Map<String, Tensor> results = new LinkedHashMap<>();
            for (int i = 0; i < outputs.size(); i++) {
                OutputCopy out = request.copyOutput(i);
                results.put(outputs.get(i).name(), Tensor.wrap(out.elementType(), Shape.of(out.shape()), out.data()));
            }
            return results;
        }

        /** The slot's buffer for input {@code index}, (re)allocated when the shape changes (dynamic inputs). */
        private dev.panamaedge.openvino.Tensor copyIn(int index, Tensor tensor) {
            long[] dims = tensor.shape().dims();
            dev.panamaedge.openvino.Tensor buffer = buffers[index];
            if (buffer == null || !java.util.Arrays.equals(buffer.shape(), dims)) {
                if (buffer != null) {
                    buffer.close();
                }
                buffer = dev.panamaedge.openvino.Tensor.allocate(inputs.get(index).type(), dims);
                buffers[index] = buffer;
            }
            buffer.data().copyFrom(tensor.data());
            return buffer;
        }

        void close() {
            request.close();
            for (dev.panamaedge.openvino.Tensor buffer : buffers) {
                if (buffer != null) {
                    buffer.close();
                }
            }
        }
    }
}
