package dev.panamaedge.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;

import dev.panamaedge.bindings.openvino.openvino_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls OpenVINO's variadic compile functions, whose trailing arguments are {@code char*} key/value pairs
 * counted by {@code property_args_size}. A variadic downcall fixes its argument count when it is linked, so
 * one invoker is linked per count and cached.
 */
final class PropertyArgs {
    private static final Map<Integer, openvino_h.ov_core_compile_model> MODEL_INVOKERS = new ConcurrentHashMap<>();
    private static final Map<Integer, openvino_h.ov_core_compile_model_from_file> FILE_INVOKERS =
            new ConcurrentHashMap<>();

    private PropertyArgs() {
    }

    /**
     * {@code ov_core_compile_model} rejects an odd count with INVALID_C_PARAM and no text; checking first
     * names the problem.
     *
     * @throws IllegalArgumentException for an odd number of strings
     */
    static void requireEven(String function, List<String> pairs) {
        if (pairs.size() % 2 != 0) {
            throw new IllegalArgumentException(function + " takes key/value pairs; got " + pairs.size()
                    + " strings, an odd count: " + pairs);
        }
    }

    /** {@code ov_core_compile_model(core, model, device, n, out, k1, v1, …)}; returns the status. */
    static int compileModel(MemorySegment core, MemorySegment model, String device, List<String> pairs,
            MemorySegment out, Arena call) {
        requireEven("ov_core_compile_model", pairs);
        var invoker = MODEL_INVOKERS.computeIfAbsent(pairs.size(),
                n -> openvino_h.ov_core_compile_model.makeInvoker(layouts(n)));
        return invoker.apply(core, model, call.allocateFrom(device), pairs.size(), out, cStrings(pairs, call));
    }

    /** {@code ov_core_compile_model_from_file(core, path, device, n, out, k1, v1, …)}; returns the status. */
    static int compileModelFromFile(MemorySegment core, String modelPath, String device, List<String> pairs,
            MemorySegment out, Arena call) {
        requireEven("ov_core_compile_model_from_file", pairs);
        var invoker = FILE_INVOKERS.computeIfAbsent(pairs.size(),
                n -> openvino_h.ov_core_compile_model_from_file.makeInvoker(layouts(n)));
        return invoker.apply(core, call.allocateFrom(modelPath), call.allocateFrom(device), pairs.size(), out,
                cStrings(pairs, call));
    }

    private static MemoryLayout[] layouts(int count) {
        MemoryLayout[] layouts = new MemoryLayout[count];
        java.util.Arrays.fill(layouts, C_POINTER);
        return layouts;
    }

    private static Object[] cStrings(List<String> pairs, Arena call) {
        Object[] args = new Object[pairs.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = call.allocateFrom(pairs.get(i));
        }
        return args;
    }
}
