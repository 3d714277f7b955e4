package dev.panamaedge.turbojpeg;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where to look for {@code libturbojpeg.so}, in order: an explicit setting, the dynamic linker's paths, the
 * usual install locations. As for libopenvino (see native's {@code LibraryLocator}), the library is loaded by
 * absolute path and an explicit setting is final: if it names no file, the search stops there instead of
 * quietly loading another library the user did not ask for.
 *
 * <p>In each directory the runtime name {@code libturbojpeg.so.0} (Debian's {@code libturbojpeg0}) comes
 * first, then the development link {@code libturbojpeg.so}, then any other {@code libturbojpeg.so.*}.
 *
 * @param libraryProperty system property {@code edge.turbojpeg.library}: the library file
 * @param libraryEnv      environment variable {@code EDGE_TURBOJPEG_LIBRARY}: the library file
 * @param ldPaths         the entries of {@code LD_LIBRARY_PATH}, searched first among directories
 * @param usualDirs       fixed system directories, searched last
 */
record TurboJpegLocator(Optional<String> libraryProperty, Optional<String> libraryEnv, List<Path> ldPaths,
        List<Path> usualDirs) {

    static final String LIBRARY_PROPERTY = "edge.turbojpeg.library";
    static final String LIBRARY_ENV = "EDGE_TURBOJPEG_LIBRARY";
    static final String FILE_PREFIX = "libturbojpeg.so";
    private static final String RUNTIME_NAME = FILE_PREFIX + ".0";

    TurboJpegLocator {
        Objects.requireNonNull(libraryProperty, "libraryProperty");
        Objects.requireNonNull(libraryEnv, "libraryEnv");
        ldPaths = List.copyOf(ldPaths);
        usualDirs = List.copyOf(usualDirs);
    }

    /** The settings of this process: system property, environment. */
    static TurboJpegLocator fromEnvironment() {
        List<Path> ld = new ArrayList<>();
        String ldPath = System.getenv("LD_LIBRARY_PATH");
        if (ldPath != null) {
            for (String entry : ldPath.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    ld.add(Path.of(entry.trim()));
                }
            }
        }
        return new TurboJpegLocator(nonBlank(System.getProperty(LIBRARY_PROPERTY)),
                nonBlank(System.getenv(LIBRARY_ENV)), ld, usualDirectories());
    }

    /** A settings-free locator that searches only {@code dirs}: for tests. */
    static TurboJpegLocator searching(List<Path> dirs) {
        return new TurboJpegLocator(Optional.empty(), Optional.empty(), List.of(), dirs);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The distribution's library directories, then the libjpeg-turbo project's own install prefix. */
    static List<Path> usualDirectories() {
        boolean arm = System.getProperty("os.arch", "").contains("aarch64");
        return List.of(Path.of(arm ? "/usr/lib/aarch64-linux-gnu" : "/usr/lib/x86_64-linux-gnu"),
                Path.of("/usr/lib64"), Path.of("/usr/local/lib"), Path.of("/usr/lib"),
                Path.of("/opt/libjpeg-turbo/lib64"), Path.of("/opt/libjpeg-turbo/lib"));
    }

    /**
     * Finds the library file.
     *
     * @throws TurboJpegUnavailableException naming every file or pattern tried
     */
    Path locate() {
        List<Path> searched = new ArrayList<>();
        if (libraryProperty.isPresent()) {
            return explicitFile(libraryProperty.get(), "system property " + LIBRARY_PROPERTY, searched);
        }
        if (libraryEnv.isPresent()) {
            return explicitFile(libraryEnv.get(), "environment variable " + LIBRARY_ENV, searched);
        }
        for (List<Path> dirs : List.of(ldPaths, usualDirs)) {
            for (Path dir : dirs) {
                Optional<Path> found = searchDirectory(dir, searched);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new TurboJpegUnavailableException("TurboJPEG not found (looked in " + joined(searched)
                + "; set -D" + LIBRARY_PROPERTY + " or " + LIBRARY_ENV + ", or apt-get install libturbojpeg0)",
                searched);
    }

    private static Path explicitFile(String value, String setting, List<Path> searched) {
        Path file = Path.of(value).toAbsolutePath();
        searched.add(file);
        if (Files.isRegularFile(file)) {
            return file;
        }
        String why = Files.exists(file) ? "is not a file" : "does not exist";
        throw new TurboJpegUnavailableException("TurboJPEG not found: " + setting + " names " + file + ", which "
                + why, searched);
    }

    private static Optional<Path> searchDirectory(Path dir, List<Path> searched) {
        searched.add(dir.resolve(FILE_PREFIX + "*"));
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(TurboJpegLocator::isLibraryName)
                    .filter(Files::isRegularFile)
                    .min(Comparator.comparing(TurboJpegLocator::rank).thenComparing(p -> p.getFileName().toString()))
                    .map(Path::toAbsolutePath);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int rank(Path file) {
        String name = file.getFileName().toString();
        return name.equals(RUNTIME_NAME) ? 0 : name.equals(FILE_PREFIX) ? 1 : 2;
    }

    private static boolean isLibraryName(Path file) {
        String name = file.getFileName().toString();
        return name.equals(FILE_PREFIX) || name.startsWith(FILE_PREFIX + ".");
    }

    private static String joined(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }
}
