package dev.panamaedge.tools.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantizes an FP32 ONNX export with ONNX Runtime's own static quantization ({@code tools/python/ort_quantize.py}
 * in the project venv: QDQ, u8 activations, per-channel s8 weights, min/max calibration) on the samples our
 * quantizer calibrates on, so ONNX Runtime's INT8 is measured on its own best recipe and the same data.
 */
public final class OrtQuantizer {
    static final String SCRIPT = "ort_quantize.py";
    private static final long TIMEOUT_SECONDS = 3600;

    private OrtQuantizer() {
    }

    /**
     * @param calibration the samples as written by {@link NpyFile}
     * @return the script's one-line JSON summary
     * @throws IllegalStateException with the script's last lines when it fails
     */
    public static String quantize(Path fp32Onnx, Path calibration, Path outOnnx) throws IOException, InterruptedException {
        List<String> cmd = List.of(VenvTool.locate("python").toString(), script().toString(), "--model",
                fp32Onnx.toString(), "--calibration", calibration.toString(), "--out", outOnnx.toString());
        VenvTool.Run run = VenvTool.run(cmd, TIMEOUT_SECONDS);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("ONNX Runtime quantization failed (exit " + run.exitCode() + "): "
                    + run.tail(3) + (run.output().contains("No module named 'onnx") ? "; the venv needs onnx and onnxruntime" : ""));
        }
        return run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
    }

    /** The script, found as {@link NncfQuantizer} finds its own: the project directory, then upwards. */
    private static Path script() throws IOException {
        List<Path> tried = new ArrayList<>();
        String project = System.getProperty("edge.project.dir");
        if (project != null) {
            tried.add(Path.of(project, "tools", "python", SCRIPT));
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            tried.add(d.resolve("tools/python").resolve(SCRIPT));
            tried.add(d.resolve("python").resolve(SCRIPT));
        }
        for (Path p : tried) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new NoSuchFileException("tools/python/" + SCRIPT, null, "not found from " + Path.of("").toAbsolutePath());
    }
}
