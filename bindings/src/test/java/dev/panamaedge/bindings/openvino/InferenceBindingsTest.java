package dev.panamaedge.bindings.openvino;

import static dev.panamaedge.bindings.openvino.OpenVinoTestLibrary.ok;
import static dev.panamaedge.bindings.openvino.openvino_h.C_FLOAT;
import static dev.panamaedge.bindings.openvino.openvino_h.C_INT;
import static dev.panamaedge.bindings.openvino.openvino_h.C_LONG_LONG;
import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;
import static dev.panamaedge.bindings.openvino.openvino_h.F32;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_compiled_model_create_infer_request;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_compiled_model_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_compiled_model_get_property;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_const_port_get_shape;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_create;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_read_model;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_get_output_tensor;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_infer;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_set_callback;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_set_input_tensor;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_start_async;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_wait;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_model_const_input;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_model_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_output_const_port_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_port_get_any_name;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_property_key_hint_performance_mode;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_shape_create;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_shape_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_create_from_host_ptr;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_data;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_get_element_type;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads, compiles (through the variadic invoker) and runs the tiny ReLU IR on the CPU device. */
final class InferenceBindingsTest {

    private final Arena arena = Arena.ofShared();
    private MemorySegment core = MemorySegment.NULL;
    private MemorySegment model = MemorySegment.NULL;
    private MemorySegment compiled = MemorySegment.NULL;

    @BeforeAll
    static void loadLibrary() {
        OpenVinoTestLibrary.load();
    }

    @BeforeEach
    void compileTinyRelu(@TempDir Path dir) throws IOException {
        Path xml = TinyReluModel.write(dir);
        MemorySegment out = arena.allocate(C_POINTER);
        ok("ov_core_create", ov_core_create(out));
        core = out.get(C_POINTER, 0);
        ok("ov_core_read_model", ov_core_read_model(core, arena.allocateFrom(xml.toString()),
                arena.allocateFrom(dir.resolve("relu.bin").toString()), out));
        model = out.get(C_POINTER, 0);
        // property_args_size counts keys and values: one pair is 2, passed as two variadic char*.
        var compile = openvino_h.ov_core_compile_model.makeInvoker(C_POINTER, C_POINTER);
        ok("ov_core_compile_model", compile.apply(core, model, arena.allocateFrom("CPU"), 2L, out,
                ov_property_key_hint_performance_mode(), arena.allocateFrom("LATENCY")));
        compiled = out.get(C_POINTER, 0);
    }

    @AfterEach
    void free() {
        if (!compiled.equals(MemorySegment.NULL)) {
            ov_compiled_model_free(compiled);
        }
        if (!model.equals(MemorySegment.NULL)) {
            ov_model_free(model);
        }
        if (!core.equals(MemorySegment.NULL)) {
            ov_core_free(core);
        }
        arena.close();
    }

    @Test
    void variadicPropertyPairReachesTheCompiledModel() {
        MemorySegment value = arena.allocate(C_POINTER);
        ok("ov_compiled_model_get_property",
                ov_compiled_model_get_property(compiled, ov_property_key_hint_performance_mode(), value));
        try {
            assertEquals("LATENCY", value.get(C_POINTER, 0).getString(0));
        } finally {
            ov_free(value.get(C_POINTER, 0));
        }
    }

    @Test
    void modelInputReportsNameAndShape() {
        MemorySegment out = arena.allocate(C_POINTER);
        ok("ov_model_const_input", ov_model_const_input(model, out));
        MemorySegment port = out.get(C_POINTER, 0);
        try {
            ok("ov_port_get_any_name", ov_port_get_any_name(port, out));
            assertEquals("input", out.get(C_POINTER, 0).getString(0));
            ov_free(out.get(C_POINTER, 0));
            MemorySegment shape = ov_shape_t.allocate(arena);
            ok("ov_const_port_get_shape", ov_const_port_get_shape(port, shape));
            long[] dims = ov_shape_t.dims(shape).reinterpret(ov_shape_t.rank(shape) * Long.BYTES)
                    .toArray(C_LONG_LONG);
            ov_shape_free(shape);
            assertArrayEquals(new long[] {1, 4}, dims);
        } finally {
            ov_output_const_port_free(port);
        }
    }

    @Test
    void inferenceOnHostTensorComputesRelu() {
        MemorySegment request = createRequest();
        MemorySegment input = hostTensor(new float[] {-1f, 2f, -3f, 4f});
        try {
            ok("ov_infer_request_set_input_tensor", ov_infer_request_set_input_tensor(request, input));
            ok("ov_infer_request_infer", ov_infer_request_infer(request));
            assertArrayEquals(new float[] {0f, 2f, 0f, 4f}, output(request));
        } finally {
            ov_tensor_free(input);
            ov_infer_request_free(request);
        }
    }

    @Test
    void asyncInferenceCompletesThroughCallbackUpcall() throws Exception {
        MemorySegment request = createRequest();
        MemorySegment input = hostTensor(new float[] {5f, -6f, 7f, -8f});
        CompletableFuture<MemorySegment> done = new CompletableFuture<>();
        try {
            MemorySegment callback = ov_callback_t.allocate(arena);
            // The upcall only completes a future: nothing in it can throw into native code.
            ov_callback_t.callback_func(callback, ov_callback_t.callback_func.allocate(done::complete, arena));
            ov_callback_t.args(callback, MemorySegment.ofAddress(42));
            ok("ov_infer_request_set_input_tensor", ov_infer_request_set_input_tensor(request, input));
            ok("ov_infer_request_set_callback", ov_infer_request_set_callback(request, callback));
            ok("ov_infer_request_start_async", ov_infer_request_start_async(request));
            assertEquals(42L, done.get(60, TimeUnit.SECONDS).address());
            ok("ov_infer_request_wait", ov_infer_request_wait(request));
            assertArrayEquals(new float[] {5f, 0f, 7f, 0f}, output(request));
        } finally {
            ov_tensor_free(input);
            ov_infer_request_free(request);
        }
    }

    private MemorySegment createRequest() {
        MemorySegment out = arena.allocate(C_POINTER);
        ok("ov_compiled_model_create_infer_request", ov_compiled_model_create_infer_request(compiled, out));
        return out.get(C_POINTER, 0);
    }

    private MemorySegment hostTensor(float[] values) {
        MemorySegment shape = ov_shape_t.allocate(arena);
        ok("ov_shape_create", ov_shape_create(2, arena.allocateFrom(C_LONG_LONG, 1, values.length), shape));
        MemorySegment out = arena.allocate(C_POINTER);
        try {
            ok("ov_tensor_create_from_host_ptr",
                    ov_tensor_create_from_host_ptr(F32(), shape, arena.allocateFrom(C_FLOAT, values), out));
        } finally {
            ov_shape_free(shape);
        }
        return out.get(C_POINTER, 0);
    }

    private float[] output(MemorySegment request) {
        MemorySegment out = arena.allocate(C_POINTER);
        ok("ov_infer_request_get_output_tensor", ov_infer_request_get_output_tensor(request, out));
        MemorySegment tensor = out.get(C_POINTER, 0);
        try {
            MemorySegment type = arena.allocate(C_INT);
            ok("ov_tensor_get_element_type", ov_tensor_get_element_type(tensor, type));
            assertEquals(F32(), type.get(C_INT, 0));
            ok("ov_tensor_data", ov_tensor_data(tensor, out));
            return out.get(C_POINTER, 0).reinterpret(4 * Float.BYTES).toArray(C_FLOAT);
        } finally {
            ov_tensor_free(tensor);
        }
    }
}
