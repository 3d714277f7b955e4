package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** {@code ../shared} test data: skips visibly when absent outside CI, fails when absent with {@code CI=true}. */
final class SharedData {
    private SharedData() {
    }

    static Path require(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("pom.xml")) && Files.isDirectory(d.resolveSibling("shared"))) {
                Path p = d.resolveSibling("shared").resolve(relative);
                if (!Files.exists(p)) {
                    fail(p + " is missing from the shared test data");
                }
                return p;
            }
        }
        String reason = "../shared/" + relative + " not found above " + Path.of("").toAbsolutePath();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " (CI=true: shared data must be present)");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    static Path coral(String file) {
        return require("models/coral/" + file);
    }

    static Path images() {
        return require("images");
    }
}
