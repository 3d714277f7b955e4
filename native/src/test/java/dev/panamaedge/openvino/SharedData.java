package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the project's read-only test data in {@code ../shared} next to the repository root, and the
 * repository root itself. Without the data a test is skipped with a visible reason, except when {@code CI}
 * is set: there a missing file fails the test.
 */
final class SharedData {
    private SharedData() {
    }

    /** The first directory upwards from the working directory holding {@code pom.xml} and {@code ../shared}. */
    static Optional<Path> repoRoot() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && dir.getParent() != null
                    && Files.isDirectory(dir.getParent().resolve("shared"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** {@code ../shared/<relative>}, or skip (outside CI) / fail (in CI) when it is missing. */
    static Path file(String relative) {
        Optional<Path> found = repoRoot().map(root -> root.getParent().resolve("shared").resolve(relative))
                .filter(Files::exists);
        if (found.isPresent()) {
            return found.get();
        }
        String reason = "test data ../shared/" + relative + " is missing";
        if (isCi()) {
            fail(reason + " (CI is set, so this is a failure)");
        }
        Assumptions.abort(reason + "; skipping because CI is unset");
        throw new AssertionError("unreachable");
    }

    /** The project's venv copy of {@code libopenvino_c.so*}, the library the tests load. */
    static Path venvLibrary() {
        return new LibraryLocator(Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(Path.of(System.getProperty("user.dir"))), List.of()).locate();
    }

    private static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }
}
