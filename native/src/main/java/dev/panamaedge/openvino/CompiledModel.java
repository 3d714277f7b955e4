package dev.panamaedge.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_compiled_model_create_infer_request;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_compiled_model_get_property;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_compiled_model_input_by_index;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_compiled_model_inputs_size;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_compiled_model_output_by_index;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_compiled_model_outputs_size;

import dev.panamaedge.bindings.openvino.openvino_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model compiled for a device ({@code ov_compiled_model_t}): creates infer requests and answers
 * properties such as {@code OPTIMAL_NUMBER_OF_INFER_REQUESTS}.
 *
 * <p>Ownership: a child of its {@link Core}; its infer requests are its children and close first (waiting
 * for asynchronous inferences in flight). Threads: safe to share; each request has one user at a time.
 */
public final class CompiledModel implements AutoCloseable {
    private final Core core;
    private final Lifetime life;
    private final MemorySegment handle;
    private final List<PortInfo> inputs;
    private final List<PortInfo> outputs;

    private CompiledModel(Core core, Lifetime life, MemorySegment handle, List<PortInfo> inputs,
            List<PortInfo> outputs) {
        this.core = core;
        this.life = life;
        this.handle = handle;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** Wraps a fresh handle and reads its ports once; they cannot change after compilation. */
    static CompiledModel create(Core core, Lifetime life, MemorySegment handle) {
        return new CompiledModel(core, life, handle, ports(handle, true), ports(handle, false));
    }

    /** Inputs in model order, as compiled (after any preprocessing). */
    public List<PortInfo> inputs() {
        life.ensureOpen();
        return inputs;
    }

    /** Outputs in model order. */
    public List<PortInfo> outputs() {
        life.ensureOpen();
        return outputs;
    }

    /** A new infer request, a child of this compiled model. */
    public InferRequest createInferRequest() {
        return life.use(() -> {
            Arena owner = Arena.ofShared();
            try {
                MemorySegment request = LiveHandles.create(owner, "ov_compiled_model_create_infer_request",
                        out -> ov_compiled_model_create_infer_request(handle, out), openvino_h::ov_infer_request_free);
                InferRequest created = new InferRequest(this, new Lifetime("InferRequest", owner), request);
                life.adopt(created);
                return created;
            } catch (RuntimeException | Error e) {
                owner.close();
                throw e;
            }
        });
    }

    /**
     * How many requests keep the device busy ({@code OPTIMAL_NUMBER_OF_INFER_REQUESTS}): 1 under the
     * LATENCY hint, about the stream count under THROUGHPUT. Size request pools from it.
     */
    public int optimalNumberOfInferRequests() {
        return life.use(() -> {
            MemorySegment key = openvino_h.ov_property_key_optimal_number_of_infer_requests();
            String text = property(key);
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("OPTIMAL_NUMBER_OF_INFER_REQUESTS is not a number: '" + text + "'", e);
            }
        });
    }

    /**
     * A property of the compiled model as text, e.g. {@code PERFORMANCE_HINT}, {@code NUM_STREAMS},
     * {@code EXECUTION_DEVICES}.
     *
     * @throws OpenVinoException for a key the device does not know
     */
    public String property(String key) {
        Objects.requireNonNull(key, "key");
        return life.use(() -> {
            try (Arena call = Arena.ofConfined()) {
                return property(call.allocateFrom(key));
            }
        });
    }

    /** Closes open requests (waiting for their asynchronous inferences), then frees. Idempotent. */
    @Override
    public void close() {
        if (life.close(() -> { })) {
            core.forget(this);
        }
    }

    @Override
    public String toString() {
        return life.isClosed() ? "CompiledModel[closed]" : "CompiledModel" + inputs + "->" + outputs;
    }

    Lifetime life() {
        return life;
    }

    void forget(InferRequest request) {
        life.forget(request);
    }

    /** {@code ov_compiled_model_get_property} returns an owned copy. */
    private String property(MemorySegment key) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(C_POINTER);
            Status.check("ov_compiled_model_get_property", ov_compiled_model_get_property(handle, key, out));
            return CStrings.takeOwned(out.get(C_POINTER, 0));
        }
    }

    private static List<PortInfo> ports(MemorySegment handle, boolean inputs) {
        long count;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment size = call.allocate(openvino_h.size_t);
            if (inputs) {
                Status.check("ov_compiled_model_inputs_size", ov_compiled_model_inputs_size(handle, size));
            } else {
                Status.check("ov_compiled_model_outputs_size", ov_compiled_model_outputs_size(handle, size));
            }
            count = size.get(openvino_h.size_t, 0);
        }
        List<PortInfo> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int index = i;
            try (Arena call = Arena.ofConfined()) {
                MemorySegment port = inputs
                        ? LiveHandles.create(call, "ov_compiled_model_input_by_index",
                                out -> ov_compiled_model_input_by_index(handle, index, out),
                                openvino_h::ov_output_const_port_free)
                        : LiveHandles.create(call, "ov_compiled_model_output_by_index",
                                out -> ov_compiled_model_output_by_index(handle, index, out),
                                openvino_h::ov_output_const_port_free);
                ports.add(PortReader.read(port, i, (inputs ? "input" : "output") + i, call));
            }
        }
        return List.copyOf(ports);
    }
}
