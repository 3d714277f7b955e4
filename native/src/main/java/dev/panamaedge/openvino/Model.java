package dev.panamaedge.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_layout_create;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_model_const_input_by_index;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_model_const_output_by_index;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_model_get_friendly_name;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_model_inputs_size;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_model_is_dynamic;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_model_outputs_size;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_model_reshape_single_input;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_partial_shape_create;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_partial_shape_create_static;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_partial_shape_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_preprocess_input_info_get_model_info;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_preprocess_input_info_get_tensor_info;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_preprocess_input_model_info_set_layout;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_preprocess_input_tensor_info_set_element_type;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_preprocess_input_tensor_info_set_layout;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_preprocess_prepostprocessor_build;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_preprocess_prepostprocessor_create;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_preprocess_prepostprocessor_get_input_info;

import dev.panamaedge.bindings.openvino.openvino_h;
import dev.panamaedge.bindings.openvino.ov_dimension;
import dev.panamaedge.bindings.openvino.ov_partial_shape;
import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A model read by a {@link Core} ({@code ov_model_t}), before compilation: ports, reshaping and input
 * preprocessing.
 *
 * <p>Ownership: a child of the core that read it; closing the core closes it. Compiled models do not
 * depend on it, so it may be closed right after {@link Core#compile(Model, CompileOptions)}. Threads:
 * reading is safe to share; {@link #reshape} and {@link #withInputPreprocessing} edit the graph and must
 * not race with other use.
 */
public final class Model implements AutoCloseable {
    private final Core core;
    private final Lifetime life;
    private final MemorySegment handle;

    Model(Core core, Lifetime life, MemorySegment handle) {
        this.core = core;
        this.life = life;
        this.handle = handle;
    }

    /** The model's friendly name (IR {@code <net name=…>}). */
    public String name() {
        return life.use(() -> {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment out = call.allocate(C_POINTER);
                Status.check("ov_model_get_friendly_name", ov_model_get_friendly_name(handle, out));
                return CStrings.takeOwned(out.get(C_POINTER, 0));
            }
        });
    }

    /** Inputs in model order; dynamic dimensions read as -1. */
    public List<PortInfo> inputs() {
        return life.use(() -> ports(true));
    }

    /** Outputs in model order. */
    public List<PortInfo> outputs() {
        return life.use(() -> ports(false));
    }

    /** True if any input or output dimension is dynamic. */
    public boolean isDynamic() {
        return life.use(() -> ov_model_is_dynamic(handle));
    }

    /**
     * Gives the model's only input a new static shape ({@code ov_model_reshape_single_input}); OpenVINO
     * re-infers every shape after it.
     *
     * @throws IllegalArgumentException for a negative dimension or a model with several inputs
     * @throws OpenVinoException        if the graph cannot take that shape
     */
    public void reshape(long... dims) {
        Objects.requireNonNull(dims, "dims");
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("reshape needs static dimensions, got " + Arrays.toString(dims));
            }
        }
        life.run(() -> {
            requireSingleInput("reshape");
            try (Arena call = Arena.ofConfined()) {
                MemorySegment shape = ov_partial_shape.allocate(call);
                MemorySegment values = dims.length == 0 ? call.allocate(ValueLayout.JAVA_LONG)
                        : call.allocateFrom(ValueLayout.JAVA_LONG, dims);
                Status.check("ov_partial_shape_create_static", ov_partial_shape_create_static(dims.length, values, shape));
                try {
                    Status.check("ov_model_reshape_single_input", ov_model_reshape_single_input(handle, shape));
                } finally {
                    ov_partial_shape_free(shape);
                }
            }
        });
    }

    /**
     * Gives the only input's first (batch) dimension the range {@code [minBatch, maxBatch]}, keeping the other
     * dimensions ({@code ov_partial_shape_create} with one {@code ov_dimension} each); equal bounds make it
     * static. The graph must be able to take other batches: a Reshape pinned to batch 1 fails here, with
     * OpenVINO's text ({@code edge models import} rewrites those).
     *
     * @throws IllegalArgumentException for bounds outside {@code 1 <= min <= max}, a model with several inputs
     *                                  or a rank-0 input
     * @throws OpenVinoException        if the graph cannot take those batches
     */
    public void reshapeBatch(long minBatch, long maxBatch) {
        if (minBatch < 1 || maxBatch < minBatch) {
            throw new IllegalArgumentException("batch bounds must satisfy 1 <= min <= max, got [" + minBatch + ", "
                    + maxBatch + "]");
        }
        List<PortInfo> in = inputs();
        if (in.size() != 1) {
            throw new IllegalArgumentException("reshapeBatch needs a single-input model; " + name() + " has "
                    + in.size() + " inputs");
        }
        long[] dims = in.getFirst().dims();
        if (dims.length == 0) {
            throw new IllegalArgumentException("input of model " + name() + " has no batch dimension");
        }
        life.run(() -> {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment bounds = call.allocate(ov_dimension.layout(), dims.length);
                for (int i = 0; i < dims.length; i++) {
                    MemorySegment d = ov_dimension.asSlice(bounds, i);
                    long lo = i == 0 ? minBatch : dims[i];
                    long hi = i == 0 ? maxBatch : dims[i];
                    ov_dimension.min(d, lo);
                    ov_dimension.max(d, hi);
                }
                MemorySegment shape = ov_partial_shape.allocate(call);
                Status.check("ov_partial_shape_create", ov_partial_shape_create(dims.length, bounds, shape));
                try {
                    Status.check("ov_model_reshape_single_input", ov_model_reshape_single_input(handle, shape));
                } finally {
                    ov_partial_shape_free(shape);
                }
            }
        });
    }

    /**
     * Puts a conversion in front of the only input, so callers feed {@code tensorType} data in
     * {@code tensorLayout} while the graph keeps its own type and {@code modelLayout}; e.g.
     * {@code (U8, "NHWC", "NCHW")} feeds u8 NHWC image bytes to an f32 NCHW network.
     *
     * <p>OpenVINO's {@code PrePostProcessor} edits the graph in place: afterwards this model's input is the
     * new one too. The returned Model is a second handle on the same graph, a child of the same core,
     * closed independently of this one.
     *
     * @throws IllegalArgumentException for a model with several inputs or a blank layout
     * @throws OpenVinoException        for layouts OpenVINO rejects (e.g. rank mismatch)
     */
    public Model withInputPreprocessing(ElementType tensorType, String tensorLayout, String modelLayout) {
        Objects.requireNonNull(tensorType, "tensorType");
        Objects.requireNonNull(tensorLayout, "tensorLayout");
        Objects.requireNonNull(modelLayout, "modelLayout");
        if (tensorLayout.isBlank() || modelLayout.isBlank()) {
            throw new IllegalArgumentException("layouts must not be blank, e.g. \"NHWC\" and \"NCHW\"");
        }
        if (tensorType == ElementType.UNDEFINED) {
            throw new IllegalArgumentException("the input tensor needs a defined element type");
        }
        // Lock order is always core, then model (as Core.close and Core.compile take them): the new model
        // registers with the core, so take the core first.
        return core.life().use(() -> life.use(() -> {
            requireSingleInput("withInputPreprocessing");
            Arena owner = Arena.ofShared();
            try (Arena call = Arena.ofConfined()) {
                // Each ov_preprocess_* object is freed with the call arena, children before parents (LIFO).
                MemorySegment ppp = LiveHandles.create(call, "ov_preprocess_prepostprocessor_create",
                        out -> ov_preprocess_prepostprocessor_create(handle, out),
                        openvino_h::ov_preprocess_prepostprocessor_free);
                MemorySegment input = LiveHandles.create(call, "ov_preprocess_prepostprocessor_get_input_info",
                        out -> ov_preprocess_prepostprocessor_get_input_info(ppp, out),
                        openvino_h::ov_preprocess_input_info_free);
                MemorySegment tensorInfo = LiveHandles.create(call, "ov_preprocess_input_info_get_tensor_info",
                        out -> ov_preprocess_input_info_get_tensor_info(input, out),
                        openvino_h::ov_preprocess_input_tensor_info_free);
                Status.check("ov_preprocess_input_tensor_info_set_element_type",
                        ov_preprocess_input_tensor_info_set_element_type(tensorInfo, ElementTypeCodes.code(tensorType)));
                MemorySegment tensorLayoutHandle = layout(call, tensorLayout);
                Status.check("ov_preprocess_input_tensor_info_set_layout",
                        ov_preprocess_input_tensor_info_set_layout(tensorInfo, tensorLayoutHandle));
                MemorySegment modelInfo = LiveHandles.create(call, "ov_preprocess_input_info_get_model_info",
                        out -> ov_preprocess_input_info_get_model_info(input, out),
                        openvino_h::ov_preprocess_input_model_info_free);
                MemorySegment modelLayoutHandle = layout(call, modelLayout);
                Status.check("ov_preprocess_input_model_info_set_layout",
                        ov_preprocess_input_model_info_set_layout(modelInfo, modelLayoutHandle));
                MemorySegment out = call.allocate(C_POINTER);
                Status.check("ov_preprocess_prepostprocessor_build", ov_preprocess_prepostprocessor_build(ppp, out));
                return core.adoptModel(owner, out);
            } catch (RuntimeException | Error e) {
                owner.close();
                throw e;
            }
        }));
    }

    /** Frees this handle (compiled models made from it stay valid). Idempotent. */
    @Override
    public void close() {
        if (life.close(() -> { })) {
            core.forget(this);
        }
    }

    @Override
    public String toString() {
        return life.isClosed() ? "Model[closed]" : "Model";
    }

    Lifetime life() {
        return life;
    }

    MemorySegment handle() {
        return handle;
    }

    private static MemorySegment layout(Arena call, String text) {
        return LiveHandles.create(call, "ov_layout_create", out -> ov_layout_create(call.allocateFrom(text), out),
                openvino_h::ov_layout_free);
    }

    private void requireSingleInput(String operation) {
        long count = count(true);
        if (count != 1) {
            throw new IllegalArgumentException(operation + " needs a model with one input; this one has " + count);
        }
    }

    private long count(boolean inputs) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment size = call.allocate(openvino_h.size_t);
            if (inputs) {
                Status.check("ov_model_inputs_size", ov_model_inputs_size(handle, size));
            } else {
                Status.check("ov_model_outputs_size", ov_model_outputs_size(handle, size));
            }
            return size.get(openvino_h.size_t, 0);
        }
    }

    private List<PortInfo> ports(boolean inputs) {
        long count = count(inputs);
        List<PortInfo> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (Arena call = Arena.ofConfined()) {
                final int index = i;
                MemorySegment port = inputs
                        ? LiveHandles.create(call, "ov_model_const_input_by_index",
                                out -> ov_model_const_input_by_index(handle, index, out),
                                openvino_h::ov_output_const_port_free)
                        : LiveHandles.create(call, "ov_model_const_output_by_index",
                                out -> ov_model_const_output_by_index(handle, index, out),
                                openvino_h::ov_output_const_port_free);
                ports.add(PortReader.read(port, i, (inputs ? "input" : "output") + i, call));
            }
        }
        return List.copyOf(ports);
    }
}
