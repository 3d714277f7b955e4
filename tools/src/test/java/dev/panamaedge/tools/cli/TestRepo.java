package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the repository root (the directory with pom.xml that has ../shared beside it) and the shared test
 * data. Absent shared data skips the caller with a reason outside CI and fails it with {@code CI=true}.
 */
final class TestRepo {
    private TestRepo() {
    }

    static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("pom.xml")) && Files.isDirectory(d.resolveSibling("shared"))) {
                return d;
            }
        }
        String reason = "no directory with pom.xml and ../shared above " + Path.of("").toAbsolutePath();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " (CI=true: shared data must be present)");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    static Path sharedImages() {
        Path images = root().resolveSibling("shared").resolve("images");
        if (!Files.isDirectory(images)) {
            fail(images + " is missing");
        }
        return images;
    }
}
