package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real photos in {@code ../shared/images} beside the repository root. Absent data skips the
 * calling test with a reason only outside CI; with {@code CI=true} it fails.
 */
final class SharedImages {
    private SharedImages() {
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

    static List<Path> photos() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            List<Path> photos = files.filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png|bmp)"))
                    .sorted().toList();
            if (photos.isEmpty()) {
                fail("no photos in " + directory());
            }
            return photos;
        }
    }
}
