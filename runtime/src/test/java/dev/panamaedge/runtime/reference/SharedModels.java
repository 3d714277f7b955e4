package dev.panamaedge.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared test data ({@code ../shared} beside the repository root) and the project's Python venv,
 * and converts the coral TFLite models to IR with the venv's {@code ovc}. Missing data or tools skip the
 * calling test with the reason only outside CI; with {@code CI=true} they fail it.
 */
final class SharedModels {
    private SharedModels() {
    }

    /** The repository root: the first directory upwards with a pom.xml and a sibling {@code shared}. */
    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("pom.xml")) && Files.isDirectory(d.resolveSibling("shared"))) {
                return d;
            }
        }
        return missing("../shared not found above " + start);
    }

    static Path shared(String relative) {
        Path p = repositoryRoot().resolveSibling("shared").resolve(relative);
        return Files.exists(p) ? p : missing(p + " is missing");
    }

    /** Runs {@code ovc} on a coral {@code .tflite} and returns the IR's xml in {@code outputDir}. */
    static Path convertCoral(String tflite, Path outputDir) throws IOException, InterruptedException {
        Path model = shared("models/coral/" + tflite);
        Path ovc = repositoryRoot().resolve(".venv/bin/ovc");
        if (!Files.isExecutable(ovc)) {
            missing(ovc + " is missing (the project venv with openvino)");
        }
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

    private static <T> T missing(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " (CI=true: shared data and the venv must be present)");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }
}
