package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real photos from {@code ../shared/images} beside the repository root. Absent data skips the calling test
 * with a reason only outside CI; with {@code CI=true} it fails.
 */
final class SharedPhotos {
    private SharedPhotos() {
    }

    static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path images = d.resolveSibling("shared").resolve("images");
            if (Files.exists(d.resolve("pom.xml")) && Files.isDirectory(images)) {
                return images;
            }
        }
        String reason = "../shared/images not found above " + dir;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " (CI=true: shared data must be present)");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    static Path path(String name) {
        Path p = directory().resolve(name);
        if (!Files.isRegularFile(p)) {
            fail("missing shared photo " + p);
        }
        return p;
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
