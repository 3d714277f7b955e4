package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.EngineInputs;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pure-Java reference engine: executes an OpenVINO IR graph op by op, in f32, following the opset
 * specifications, so OpenVINO's results (and the INT8 model's FakeQuantize arithmetic) can be checked
 * against it.
 *
 * <p>Loading compiles the graph into a plan: every op type is checked up front (an unknown one throws
 * {@link dev.panamaedge.models.ir.UnsupportedOpException} naming type and layer), weights are decoded to
 * f32, constant subgraphs are folded and activation buffers are assigned. The engine keeps its own copies of
 * everything it needs, so the {@link IrModel} may be closed after {@code load}.
 *
 * <p>Threads: {@link #run} may be called concurrently. Each run takes a pooled set of per-run buffers (one
 * is created when all are busy, and kept for reuse), and its kernels split work across the engine's own
 * pool of {@link ReferenceOptions#threads()} threads, never the common pool. Kernels use the Vector API
 * unless {@code -Dedge.vector.bits=0} selects their scalar twins.
 */
public final class ReferenceEngine implements Engine {
    private static final System.Logger LOG = System.getLogger(ReferenceEngine.class.getName());
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final String modelName;
    private final Plan plan;
    private final Parallel parallel;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final ConcurrentLinkedQueue<Frame> frames = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReferenceEngine(String modelName, Plan plan, Parallel parallel) {
        this.modelName = modelName;
        this.plan = plan;
        this.parallel = parallel;
        this.inputs = plan.inputs().stream().map(Binding::spec).toList();
        this.outputs = plan.outputs().stream().map(Binding::spec).toList();
    }

    /** Loads {@code model} with {@link ReferenceOptions#defaults()}. */
    public static ReferenceEngine load(IrModel model) {
        return load(model, ReferenceOptions.defaults());
    }

    /**
     * Compiles {@code model} for the reference engine.
     *
     * @throws dev.panamaedge.models.ir.UnsupportedOpException for an op type, attribute value or element type
     *         the engine does not implement, or a dynamic shape
     * @throws dev.panamaedge.models.ir.InvalidModelException  for a malformed graph: dangling ports, cycles,
     *         shapes that disagree with the IR's declared ones, weights outside the blob
     * @throws IllegalStateException if {@code edge.vector.bits} holds an unknown value, or the model is closed
     */
    public static ReferenceEngine load(IrModel model, ReferenceOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        Simd.requireValidConfiguration();
        Plan plan = Planner.plan(model);
        Parallel parallel = new Parallel(options.threads(), "edge-reference-" + POOLS.incrementAndGet());
        LOG.log(System.Logger.Level.INFO, () -> "reference engine loaded '" + model.name() + "': "
                + plan.steps().size() + " steps, " + plan.bufferSizes().length + " buffers ("
                + plan.floatsPerRun() * Float.BYTES / (1024 * 1024) + " MiB per concurrent run), "
                + Simd.describe() + " kernels, " + options.threads() + " threads");
        return new ReferenceEngine(model.name(), plan, parallel);
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each input must have the model's element type and shape exactly, or, for a model planned at batch 1,
     * be a stack of N such samples along dimension 0: the samples then run one by one and the outputs are
     * stacked ({@link SampleBatch}), so row {@code i} of a batch is bit-identical to sample {@code i} alone.
     * Outputs are heap tensors of the model's output element types (integers converted as OpenVINO's Convert
     * does).
     */
    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        int batch = SampleBatch.size(this.inputs, inputs);
        return batch > 1 ? SampleBatch.run(inputs, batch, this::runOne) : runOne(inputs);
    }

    private Map<String, Tensor> runOne(Map<String, Tensor> inputs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        execute(inputs, new Observer() {
            @Override
            public void finished(Frame frame) {
                for (Binding b : plan.outputs()) {
                    out.put(b.spec().name(), encode(frame, b.value()));
                }
            }
        });
        return out;
    }

    /**
     * Runs one inference and returns every computed layer's first output by layer name, in execution order:
     * the Parameters and each layer evaluated at run time (layers folded into constants at load are left
     * out). This is the per-layer view a divergence report compares against OpenVINO's intermediate outputs.
     * Each tensor is a heap copy in the layer's element type.
     *
     * @throws IllegalArgumentException and {@link IllegalStateException} as {@link #run}
     */
    public Map<String, Tensor> runAllLayers(Map<String, Tensor> inputs) {
        Map<Integer, Tensor> byValue = new java.util.HashMap<>();
        execute(inputs, new Observer() {
            @Override
            public void inputsReady(Frame frame) {
                for (Binding b : plan.inputs()) {
                    byValue.put(b.value(), encode(frame, b.value()));
                }
            }

            @Override
            public void stepDone(Frame frame, int step) {
                int v = plan.steps().get(step).output(); // copied now: later steps reuse the buffer
                byValue.put(v, encode(frame, v));
            }
        });
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Plan.LayerValue lv : plan.layerValues()) {
            out.put(lv.layerName(), byValue.get(lv.value()));
        }
        return out;
    }

    /** Hooks into one run, called while the frame's buffers hold the values of interest. */
    private interface Observer {
        default void inputsReady(Frame frame) {
        }

        default void stepDone(Frame frame, int step) {
        }

        default void finished(Frame frame) {
        }
    }

    private void execute(Map<String, Tensor> given, Observer observer) {
        if (closed.get()) {
            throw new IllegalStateException("reference engine for '" + modelName + "' is closed");
        }
        List<Tensor> resolved = EngineInputs.inModelOrder(inputs, given);
        Frame frame = frames.poll();
        if (frame == null) {
            frame = new Frame(plan, parallel);
        }
        try {
            for (int i = 0; i < resolved.size(); i++) {
                Binding b = plan.inputs().get(i);
                TensorCodec.decode(resolved.get(i).data(), b.spec().type(), Dims.count(b.spec().dims()),
                        frame.value(b.value()));
            }
            observer.inputsReady(frame);
            for (int s = 0; s < plan.steps().size(); s++) {
                frame.execute(plan, s);
                observer.stepDone(frame, s);
            }
            observer.finished(frame);
        } finally {
            if (!closed.get()) {
                frames.offer(frame);
            }
        }
    }

    private Tensor encode(Frame frame, int value) {
        return TensorCodec.encode(frame.value(value), plan.types()[value], new Shape(plan.shapes()[value]));
    }

    /** Releases the worker pool and the pooled buffers; idempotent. Runs already under way finish. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            parallel.close();
            frames.clear();
        }
    }

    @Override
    public String toString() {
        return "ReferenceEngine[" + modelName + ", inputs " + inputs + ", outputs " + outputs + "]";
    }
}
