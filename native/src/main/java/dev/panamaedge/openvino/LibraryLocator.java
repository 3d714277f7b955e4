package dev.panamaedge.openvino;

import dev.panamaedge.nativelibrary.LibrarySearch;
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
 * Where to look for {@code libopenvino_c.so}, in order: an explicit setting, the project's install, the usual
 * install locations. The OpenVINO wheel ships only versioned names ({@code libopenvino_c.so.2641}), so every
 * directory is searched for {@code libopenvino_c.so*}, and the library is later loaded by absolute path,
 * never through {@code LD_LIBRARY_PATH}. The searching itself is {@link LibrarySearch}, shared with TurboJPEG.
 *
 * <p>An explicit setting is final: if {@code edge.openvino.library}, {@code OPENVINO_LIB} or
 * {@code OPENVINO_HOME} is set and holds no library, the search stops with an error instead of quietly
 * loading some other OpenVINO the user did not ask for.
 *
 * @param libraryProperty system property {@code edge.openvino.library}: the library file
 * @param libraryEnv      environment variable {@code OPENVINO_LIB}: the library file
 * @param homeEnv         environment variable {@code OPENVINO_HOME}: an install or wheel directory
 * @param projectStarts   directories to walk up from, looking for the project's {@code .venv}
 * @param usualDirs       fixed system directories, searched last
 */
record LibraryLocator(Optional<String> libraryProperty, Optional<String> libraryEnv, Optional<String> homeEnv,
        List<Path> projectStarts, List<Path> usualDirs) {

    static final String LIBRARY_PROPERTY = "edge.openvino.library";
    static final String PROJECT_PROPERTY = "edge.project.dir";
    static final String FILE_PREFIX = "libopenvino_c.so";

    LibraryLocator {
        Objects.requireNonNull(libraryProperty, "libraryProperty");
        Objects.requireNonNull(libraryEnv, "libraryEnv");
        Objects.requireNonNull(homeEnv, "homeEnv");
        projectStarts = List.copyOf(projectStarts);
        usualDirs = List.copyOf(usualDirs);
    }

    /** The settings of this process: system properties, environment, working directory. */
    static LibraryLocator fromEnvironment() {
        List<Path> starts = new ArrayList<>();
        LibrarySearch.nonBlank(System.getProperty(PROJECT_PROPERTY)).ifPresent(dir -> starts.add(Path.of(dir)));
        starts.add(Path.of(System.getProperty("user.dir")));
        return new LibraryLocator(LibrarySearch.nonBlank(System.getProperty(LIBRARY_PROPERTY)),
                LibrarySearch.nonBlank(System.getenv("OPENVINO_LIB")),
                LibrarySearch.nonBlank(System.getenv("OPENVINO_HOME")), starts, usualDirectories());
    }

    /** {@code /opt/intel/openvino*}, then the distribution's library directories. */
    static List<Path> usualDirectories() {
        String arch = LibrarySearch.arm() ? "aarch64" : "intel64";
        List<Path> dirs = new ArrayList<>();
        Path intel = Path.of("/opt/intel");
        if (Files.isDirectory(intel)) {
            try (Stream<Path> installs = Files.list(intel)) {
                installs.filter(p -> p.getFileName().toString().startsWith("openvino"))
                        .sorted(Comparator.reverseOrder())
                        .forEach(p -> dirs.add(p.resolve("runtime/lib").resolve(arch)));
            } catch (IOException e) {
                dirs.add(intel.resolve("openvino*/runtime/lib/intel64"));
            }
        } else {
            dirs.add(intel.resolve("openvino*/runtime/lib").resolve(arch));
        }
        dirs.addAll(LibrarySearch.distributionDirectories());
        return dirs;
    }

    /**
     * Finds the library file.
     *
     * @throws OpenVinoLibraryException listing every file or pattern tried
     */
    Path locate() {
        var search = new LibrarySearch(FILE_PREFIX, List.of(FILE_PREFIX), LibraryLocator::notFound);
        if (libraryProperty.isPresent()) {
            return search.explicitFile(libraryProperty.get(), "system property " + LIBRARY_PROPERTY,
                    LibraryLocator::refusal);
        }
        if (libraryEnv.isPresent()) {
            return search.explicitFile(libraryEnv.get(), "environment variable OPENVINO_LIB", LibraryLocator::refusal);
        }
        if (homeEnv.isPresent()) {
            Path home = Path.of(homeEnv.get());
            return search.inDirectories(List.of(
                            home.resolve("runtime/lib").resolve(LibrarySearch.arm() ? "aarch64" : "intel64"),
                            home.resolve("lib"), home.resolve("libs"), home))
                    .orElseThrow(() -> search.fail("OPENVINO_HOME=" + home + " holds no " + FILE_PREFIX + "*"));
        }
        for (Path start : projectStarts) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Optional<Path> found = searchVenv(dir, search);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        return search.inDirectories(usualDirs).orElseThrow(() -> search.fail("no OpenVINO install found"));
    }

    private static Optional<String> refusal(Path file) {
        if (Files.isRegularFile(file) && file.getFileName().toString().startsWith(FILE_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(Files.isRegularFile(file) ? "is not a " + FILE_PREFIX + "* file" : "does not exist");
    }

    /** The project's wheel: {@code <dir>/.venv/lib/python3*}{@code /site-packages/openvino/libs}. */
    private static Optional<Path> searchVenv(Path dir, LibrarySearch search) {
        Path venvLib = dir.resolve(".venv/lib");
        Path pattern = venvLib.resolve("python3*/site-packages/openvino/libs").resolve(FILE_PREFIX + "*");
        if (!Files.isDirectory(venvLib)) {
            search.tried(pattern);
            return Optional.empty();
        }
        List<Path> pythons;
        try (Stream<Path> children = Files.list(venvLib)) {
            pythons = children.filter(p -> p.getFileName().toString().startsWith("python3")).sorted().toList();
        } catch (IOException e) {
            pythons = List.of();
        }
        if (pythons.isEmpty()) {
            search.tried(pattern);
        }
        return search.inDirectories(pythons.stream().map(p -> p.resolve("site-packages/openvino/libs")).toList());
    }

    private static OpenVinoLibraryException notFound(String reason, List<Path> searched) {
        StringBuilder message = new StringBuilder("OpenVINO ").append(OpenVino.expectedVersion())
                .append(" C library not found: ").append(reason).append(". Searched, in order:");
        for (Path p : searched) {
            message.append("\n  ").append(p);
        }
        message.append("\nSet -D").append(LIBRARY_PROPERTY)
                .append("=<path to libopenvino_c.so*>, OPENVINO_LIB (the file) or OPENVINO_HOME (the install).");
        return new OpenVinoLibraryException(message.toString(), searched, OpenVino.expectedVersion(), null, null);
    }
}
