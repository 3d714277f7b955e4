package dev.panamaedge.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared test data ({@code ../shared} beside the repository root) and the project's venv for the
 * runtime module's tests. Missing data or tools skip the calling test with the reason only outside CI; with
 * {@code CI=true} they fail it.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The repository root: the first directory upwards with a pom.xml and a sibling {@code shared}. */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("pom.xml")) && Files.isDirectory(d.resolveSibling("shared"))) {
                return d;
            }
        }
        return missing("../shared not found above " + start);
    }

    /** A file or directory under {@code ../shared}, e.g. {@code images}. */
    public static Path shared(String relative) {
        Path p = repositoryRoot().resolveSibling("shared").resolve(relative);
        return Files.exists(p) ? p : missing(p + " is missing");
    }

    /** An executable in the project's venv ({@code .venv/bin/NAME}), created by the launcher. */
    public static Path venvTool(String name) {
        Path tool = repositoryRoot().resolve(".venv/bin").resolve(name);
        return Files.isExecutable(tool) ? tool : missing(tool + " is missing (the project venv with openvino)");
    }

    private static <T> T missing(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " (CI=true: shared data and the venv must be present)");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }
}
