package dev.panamaedge.models;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the project's read-only test data in {@code ../shared} (relative to the repository root, found by
 * walking up from the working directory). Where it is absent, tests skip with the reason, unless
 * {@code CI} is set: in CI the data is always present, so a missing file fails the test.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The repository root: the nearest ancestor holding {@code pom.xml} with a {@code ../shared} beside it. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && dir.getParent() != null
                    && Files.isDirectory(dir.getParent().resolve("shared"))) {
                return dir;
            }
        }
        unavailable("no ancestor of " + Path.of("").toAbsolutePath() + " has pom.xml and ../shared");
        throw new AssertionError("unreachable");
    }

    /** A file under {@code ../shared}, e.g. {@code models/coral/mobilenet_v2_1.0_224_quant.tflite}. */
    public static Path require(String relative) {
        Path file = repositoryRoot().getParent().resolve("shared").resolve(relative);
        if (!Files.isRegularFile(file)) {
            unavailable("test data " + file + " is missing");
        }
        return file;
    }

    /** An executable inside the project's venv ({@code .venv/bin/NAME}), created by the launcher. */
    public static Path venvTool(String name) {
        Path tool = repositoryRoot().resolve(".venv").resolve("bin").resolve(name);
        if (!Files.isExecutable(tool)) {
            unavailable(tool + " is missing (the project launcher creates .venv)");
        }
        return tool;
    }

    private static void unavailable(String reason) {
        if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
            Assertions.fail(reason + " (CI is set, so this is a failure)");
        }
        Assumptions.abort(reason);
    }
}
