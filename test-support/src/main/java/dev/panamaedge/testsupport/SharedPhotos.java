package dev.panamaedge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/** The real photos in {@code ../shared/images} (found through {@link SharedData}). */
public final class SharedPhotos {
    private SharedPhotos() {
    }

    /**
     * The photo directory, {@code ../shared/images}.
     *
     * @return its absolute path
     */
    public static Path directory() {
        return SharedData.path("images");
    }

    /**
     * Every photo in the directory (names ending in jpg, jpeg, png or bmp, in any case), sorted by name. An
     * empty set fails the calling test.
     *
     * @return the photos, at least one
     */
    public static List<Path> all() {
        Path dir = directory();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> photos = files.filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png|bmp)"))
                    .sorted().toList();
            if (photos.isEmpty()) {
                Assertions.fail("no photos in " + dir);
            }
            return photos;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * One photo by file name, such as {@code owl.jpg}; a name that is not there fails the calling test.
     *
     * @param name the file name in {@code ../shared/images}
     * @return its absolute path
     */
    public static Path path(String name) {
        Path p = directory().resolve(name);
        if (!Files.isRegularFile(p)) {
            Assertions.fail("missing shared photo " + p);
        }
        return p;
    }

    /**
     * The encoded bytes of one photo, as a client would upload them.
     *
     * @param name the file name in {@code ../shared/images}
     * @return the file's content
     */
    public static byte[] bytes(String name) {
        Path p = path(name);
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
