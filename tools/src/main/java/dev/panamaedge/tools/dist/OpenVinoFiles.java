package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which of the OpenVINO wheel's libraries a CPU server needs: the runtime and its C API, the IR frontend (the
 * server loads only {@code model.xml}), the CPU plugin, the small AUTO and HETERO plugins that select and combine
 * devices, and TBB with hwloc. Left out: the GPU (42 MB) and NPU (11 MB) plugins, which need their drivers and
 * devices a CPU gateway has not, and with them the BATCH plugin (auto-batching, 0.3 MB), which batches for a GPU
 * (a {@code BATCH:} device then fails to load with OpenVINO's own message); the ONNX, TFLite, TensorFlow,
 * PaddlePaddle, PyTorch, JAX and GGUF frontends (model conversion, done by {@code edge models import} before
 * serving); the GPU kernel tuning cache ({@code cache.json}). The plugins are found beside {@code libopenvino.so} by their file names, and every
 * library finds its dependencies through its {@code RPATH $ORIGIN}, so the set is copied into one directory.
 */
final class OpenVinoFiles {
    private static final List<String> PREFIXES = List.of("libopenvino.so", "libopenvino_c.so",
            "libopenvino_ir_frontend.so", "libopenvino_intel_cpu_plugin.so", "libopenvino_auto_plugin.so",
            "libopenvino_hetero_plugin.so", "libtbb.so", "libtbbbind",
            "libtbbmalloc.so", "libhwloc.so");

    private OpenVinoFiles() {
    }

    /** The files of {@code libs} (the wheel's {@code openvino/libs}) a CPU server loads, by name. */
    static List<Path> forCpuServing(Path libs) throws IOException {
        try (Stream<Path> files = Files.list(libs)) {
            List<Path> chosen = files.filter(Files::isRegularFile)
                    .filter(f -> PREFIXES.stream().anyMatch(p -> f.getFileName().toString().startsWith(p)))
                    .sorted().toList();
            for (String required : List.of("libopenvino.so", "libopenvino_c.so", "libopenvino_intel_cpu_plugin.so",
                    "libopenvino_ir_frontend.so", "libtbb.so")) {
                if (chosen.stream().noneMatch(f -> f.getFileName().toString().startsWith(required))) {
                    throw new IOException(libs + " holds no " + required + "*: not an OpenVINO wheel's libs directory");
                }
            }
            return chosen;
        }
    }
}
