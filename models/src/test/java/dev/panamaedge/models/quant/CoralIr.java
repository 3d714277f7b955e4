package dev.panamaedge.models.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Converts a coral TFLite model to IR with the project's pinned {@code ovc}, as {@code edge models import} does. */
final class CoralIr {
    private CoralIr() {
    }

    static Path convert(Path dir, String tflite) throws IOException, InterruptedException {
        Path model = SharedData.require("models/coral/" + tflite);
        Path ovc = repoRoot().resolve(".venv/bin/ovc");
        if (!Files.isExecutable(ovc)) {
            throw new IllegalStateException("ovc not found at " + ovc + ": create the project venv (tools/python)");
        }
        Path xml = dir.resolve("coral/model.xml");
        Process p = new ProcessBuilder(ovc.toString(), model.toString(), "--output_model", xml.toString(),
                "--compress_to_fp16=False").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ovc failed:\n" + log);
        }
        return xml;
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve(".venv")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root with .venv not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
