package dev.panamaedge.models.quant;

import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.ProjectVenv;
import java.io.IOException;
import java.nio.file.Path;

/** Converts a coral TFLite model to IR with the project's pinned {@code ovc}, as {@code edge models import} does. */
final class CoralIr {
    private CoralIr() {
    }

    static Path convert(Path dir, String tflite) throws IOException, InterruptedException {
        Path model = CoralModel.file(tflite);
        Path ovc = ProjectVenv.tool("ovc");
        Path xml = dir.resolve("coral/model.xml");
        Process p = new ProcessBuilder(ovc.toString(), model.toString(), "--output_model", xml.toString(),
                "--compress_to_fp16=False").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ovc failed:\n" + log);
        }
        return xml;
    }
}
