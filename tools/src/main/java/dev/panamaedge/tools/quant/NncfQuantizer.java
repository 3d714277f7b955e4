package dev.panamaedge.tools.quant;

import dev.panamaedge.models.quant.Preset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Quantizes the same FP32 IR with NNCF post-training quantization ({@code tools/python/nncf_quantize.py} in
 * the project venv), on the same calibration samples, for a side-by-side comparison with ours.
 */
public final class NncfQuantizer {
    private static final long TIMEOUT_SECONDS = 3600;

    private NncfQuantizer() {
    }

    /**
     * @param calibration the samples as written by {@link NpyFile}
     * @param outXml      where the NNCF INT8 IR goes
     * @return the script's one-line JSON summary
     */
    public static String quantize(Path fp32Xml, Path calibration, Path outXml, Preset preset)
            throws IOException, InterruptedException {
        Path script = script();
        List<String> cmd = new ArrayList<>(List.of(VenvTool.locate("python").toString(), script.toString(),
                "--model", fp32Xml.toString(), "--calibration", calibration.toString(), "--out", outXml.toString(),
                "--preset", preset.name().toLowerCase(Locale.ROOT)));
        VenvTool.Run run = VenvTool.run(cmd, TIMEOUT_SECONDS);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("NNCF quantization failed (exit " + run.exitCode() + "): " + run.tail(3)
                    + (run.output().contains("No module named 'nncf'") ? "; pip install -r tools/python/requirements.txt" : ""));
        }
        return run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
    }

    static Path script() throws IOException {
        List<Path> tried = new ArrayList<>();
        String project = System.getProperty("edge.project.dir");
        if (project != null) {
            tried.add(Path.of(project, "tools", "python", "nncf_quantize.py"));
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            tried.add(d.resolve("tools/python/nncf_quantize.py"));
            tried.add(d.resolve("python/nncf_quantize.py"));
        }
        for (Path p : tried) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new java.nio.file.NoSuchFileException("tools/python/nncf_quantize.py", null, "not found from "
                + Path.of("").toAbsolutePath());
    }
}
