package dev.panamaedge.turbojpeg;

import dev.panamaedge.nativelibrary.LibrarySearch;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where to look for {@code libturbojpeg.so}, in order: an explicit setting, the dynamic linker's paths, the
 * usual install locations. As for libopenvino (the search is the same {@link LibrarySearch}), the library is
 * loaded by absolute path and an explicit setting is final: if it names no file, the search stops there instead
 * of quietly loading another library the user did not ask for.
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
        return new TurboJpegLocator(LibrarySearch.nonBlank(System.getProperty(LIBRARY_PROPERTY)),
                LibrarySearch.nonBlank(System.getenv(LIBRARY_ENV)), ld, usualDirectories());
    }

    /** A settings-free locator that searches only {@code dirs}: for tests. */
    static TurboJpegLocator searching(List<Path> dirs) {
        return new TurboJpegLocator(Optional.empty(), Optional.empty(), List.of(), dirs);
    }

    /** The distribution's library directories, then the libjpeg-turbo project's own install prefix. */
    static List<Path> usualDirectories() {
        List<Path> dirs = new ArrayList<>(LibrarySearch.distributionDirectories());
        dirs.add(Path.of("/opt/libjpeg-turbo/lib64"));
        dirs.add(Path.of("/opt/libjpeg-turbo/lib"));
        return List.copyOf(dirs);
    }

    /**
     * Finds the library file.
     *
     * @throws TurboJpegUnavailableException naming every file or pattern tried
     */
    Path locate() {
        var search = new LibrarySearch(FILE_PREFIX, List.of(RUNTIME_NAME, FILE_PREFIX),
                (reason, searched) -> new TurboJpegUnavailableException("TurboJPEG not found: " + reason, searched));
        if (libraryProperty.isPresent()) {
            return search.explicitFile(libraryProperty.get(), "system property " + LIBRARY_PROPERTY,
                    TurboJpegLocator::refusal);
        }
        if (libraryEnv.isPresent()) {
            return search.explicitFile(libraryEnv.get(), "environment variable " + LIBRARY_ENV,
                    TurboJpegLocator::refusal);
        }
        List<Path> dirs = new ArrayList<>(ldPaths);
        dirs.addAll(usualDirs);
        return search.inDirectories(dirs).orElseThrow(() -> new TurboJpegUnavailableException(
                "TurboJPEG not found (looked in " + joined(search.searched()) + "; set -D" + LIBRARY_PROPERTY
                        + " or " + LIBRARY_ENV + ", or apt-get install libturbojpeg0)", search.searched()));
    }

    private static Optional<String> refusal(Path file) {
        if (Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.exists(file) ? "is not a file" : "does not exist");
    }

    private static String joined(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }
}
