package dev.panamaedge.openvino;

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
 * never through {@code LD_LIBRARY_PATH}.
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
        nonBlank(System.getProperty(PROJECT_PROPERTY)).ifPresent(dir -> starts.add(Path.of(dir)));
        starts.add(Path.of(System.getProperty("user.dir")));
        return new LibraryLocator(nonBlank(System.getProperty(LIBRARY_PROPERTY)),
                nonBlank(System.getenv("OPENVINO_LIB")), nonBlank(System.getenv("OPENVINO_HOME")), starts,
                usualDirectories());
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** {@code /opt/intel/openvino*}, then the distribution's library directories. */
    static List<Path> usualDirectories() {
        boolean arm = System.getProperty("os.arch", "").contains("aarch64");
        List<Path> dirs = new ArrayList<>();
        Path intel = Path.of("/opt/intel");
        if (Files.isDirectory(intel)) {
            try (Stream<Path> installs = Files.list(intel)) {
                installs.filter(p -> p.getFileName().toString().startsWith("openvino"))
                        .sorted(Comparator.reverseOrder())
                        .forEach(p -> dirs.add(p.resolve("runtime/lib").resolve(arm ? "aarch64" : "intel64")));
            } catch (IOException e) {
                dirs.add(intel.resolve("openvino*/runtime/lib/intel64"));
            }
        } else {
            dirs.add(intel.resolve("openvino*/runtime/lib").resolve(arm ? "aarch64" : "intel64"));
        }
        dirs.add(Path.of(arm ? "/usr/lib/aarch64-linux-gnu" : "/usr/lib/x86_64-linux-gnu"));
        dirs.add(Path.of("/usr/lib64"));
        dirs.add(Path.of("/usr/local/lib"));
        dirs.add(Path.of("/usr/lib"));
        return dirs;
    }

    /**
     * Finds the library file.
     *
     * @throws OpenVinoLibraryException listing every file or pattern tried
     */
    Path locate() {
        List<Path> searched = new ArrayList<>();
        if (libraryProperty.isPresent()) {
            return explicitFile(libraryProperty.get(), "system property " + LIBRARY_PROPERTY, searched);
        }
        if (libraryEnv.isPresent()) {
            return explicitFile(libraryEnv.get(), "environment variable OPENVINO_LIB", searched);
        }
        if (homeEnv.isPresent()) {
            Path home = Path.of(homeEnv.get());
            boolean arm = System.getProperty("os.arch", "").contains("aarch64");
            for (Path dir : List.of(home.resolve("runtime/lib").resolve(arm ? "aarch64" : "intel64"),
                    home.resolve("lib"), home.resolve("libs"), home)) {
                Optional<Path> found = searchDirectory(dir, searched);
                if (found.isPresent()) {
                    return found.get();
                }
            }
            throw notFound("OPENVINO_HOME=" + home + " holds no " + FILE_PREFIX + "*", searched);
        }
        for (Path start : projectStarts) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Optional<Path> found = searchVenv(dir, searched);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        for (Path dir : usualDirs) {
            Optional<Path> found = searchDirectory(dir, searched);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw notFound("no OpenVINO install found", searched);
    }

    private static Path explicitFile(String value, String setting, List<Path> searched) {
        Path file = Path.of(value).toAbsolutePath();
        searched.add(file);
        if (Files.isRegularFile(file) && file.getFileName().toString().startsWith(FILE_PREFIX)) {
            return file;
        }
        String why = Files.isRegularFile(file) ? "is not a " + FILE_PREFIX + "* file" : "does not exist";
        throw notFound(setting + " names " + file + ", which " + why, searched);
    }

    /** The project's wheel: {@code <dir>/.venv/lib/python3*}{@code /site-packages/openvino/libs}. */
    private static Optional<Path> searchVenv(Path dir, List<Path> searched) {
        Path venvLib = dir.resolve(".venv/lib");
        if (!Files.isDirectory(venvLib)) {
            searched.add(venvLib.resolve("python3*/site-packages/openvino/libs").resolve(FILE_PREFIX + "*"));
            return Optional.empty();
        }
        List<Path> pythons;
        try (Stream<Path> children = Files.list(venvLib)) {
            pythons = children.filter(p -> p.getFileName().toString().startsWith("python3")).sorted().toList();
        } catch (IOException e) {
            pythons = List.of();
        }
        if (pythons.isEmpty()) {
            searched.add(venvLib.resolve("python3*/site-packages/openvino/libs").resolve(FILE_PREFIX + "*"));
        }
        for (Path python : pythons) {
            Optional<Path> found = searchDirectory(python.resolve("site-packages/openvino/libs"), searched);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** {@code libopenvino_c.so} itself if present, else the first versioned name in sort order. */
    private static Optional<Path> searchDirectory(Path dir, List<Path> searched) {
        searched.add(dir.resolve(FILE_PREFIX + "*"));
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(LibraryLocator::isLibraryName)
                    .filter(Files::isRegularFile)
                    .min(Comparator.comparing((Path p) -> !p.getFileName().toString().equals(FILE_PREFIX))
                            .thenComparing(p -> p.getFileName().toString()))
                    .map(Path::toAbsolutePath);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isLibraryName(Path file) {
        String name = file.getFileName().toString();
        return name.equals(FILE_PREFIX) || name.startsWith(FILE_PREFIX + ".");
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
