package dev.panamaedge.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.ProjectVenv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Converts the coral TFLite models in {@code ../shared} to IR with the venv's {@code ovc} (see {@link CoralModel}). */
final class SharedModels {
    private SharedModels() {
    }

    /** Runs {@code ovc} on a coral {@code .tflite} and returns the IR's xml in {@code outputDir}. */
    static Path convertCoral(String tflite, Path outputDir) throws IOException, InterruptedException {
        Path model = CoralModel.file(tflite);
        Path ovc = ProjectVenv.tool("ovc");
        Path xml = outputDir.resolve(tflite.replace(".tflite", "") + "/model.xml");
        Files.createDirectories(xml.getParent());
        Path log = outputDir.resolve(tflite + ".ovc.log");
        Process p = new ProcessBuilder(List.of(ovc.toString(), model.toString(), "--output_model", xml.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("ovc did not finish converting " + tflite + " within 10 minutes");
        }
        assertEquals(0, p.exitValue(), () -> "ovc failed on " + tflite + ":\n" + readQuietly(log));
        return xml;
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
