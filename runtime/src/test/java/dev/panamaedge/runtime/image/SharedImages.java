package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.fail;

import dev.panamaedge.runtime.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the real photos in {@code ../shared/images} beside the repository root. Absent data skips the
 * calling test with a reason only outside CI; with {@code CI=true} it fails.
 */
final class SharedImages {
    private SharedImages() {
    }

    static Path directory() {
        return SharedData.shared("images");
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
