package dev.panamaedge.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;

/**
 * The project's read-only test data in {@code ../shared} beside the repository root. The root is the nearest
 * ancestor of the working directory that holds a {@code pom.xml} and has a {@code shared} directory beside
 * it; a module directory has a {@code pom.xml} too, which is why the sibling is part of the test. The data is
 * never copied into the repository.
 */
public final class SharedData {
    private SharedData() {
    }

    /**
     * The {@code ../shared} directory. When no ancestor of the working directory has one, the calling test
     * is skipped outside CI and fails under CI (see {@link MissingData}).
     *
     * @return the absolute path of {@code ../shared}
     */
    public static Path directory() {
        Path start = Path.of("").toAbsolutePath();
        return repositoryRoot(start).map(root -> root.resolveSibling("shared"))
                .orElseGet(() -> MissingData.skipOrFail("no directory with pom.xml and ../shared above " + start));
    }

    /**
     * A file or directory under {@code ../shared}, such as {@code images/owl.jpg}. An absent {@code ../shared}
     * skips or fails as {@link #directory()} does. An entry missing from a {@code ../shared} that is there
     * always fails: it is a wrong name in the test, not data a developer may lack.
     *
     * @param relative the path below {@code ../shared}
     * @return the absolute path of the entry, which exists
     */
    public static Path path(String relative) {
        Path p = directory().resolve(relative);
        if (!Files.exists(p)) {
            Assertions.fail(p + " is missing from the shared test data");
        }
        return p;
    }

    private static Optional<Path> repositoryRoot(Path start) {
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && d.getParent() != null
                    && Files.isDirectory(d.resolveSibling("shared"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
