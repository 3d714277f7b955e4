package dev.panamaedge.nativelibrary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One search for a shared library file, the part the OpenVINO and TurboJPEG locators have in common: an
 * explicit setting is final, directories are searched for {@code <prefix>} and {@code <prefix>.*}, and every
 * file or pattern tried is remembered so that the error can list them. Each locator keeps its own settings,
 * directories and messages; the library is then loaded by absolute path, never through {@code LD_LIBRARY_PATH}.
 *
 * <p>Not thread-safe: one instance per {@code locate()} call.
 */
public final class LibrarySearch {

    private final String filePrefix;
    private final List<String> preferredNames;
    private final BiFunction<String, List<Path>, ? extends RuntimeException> failure;
    private final List<Path> searched = new ArrayList<>();

    /**
     * @param filePrefix     the unversioned file name, such as {@code libopenvino_c.so}
     * @param preferredNames in a directory, these names win in this order; other versioned names come after,
     *                       in sort order
     * @param failure        the library's exception for a reason and the files and patterns searched
     */
    public LibrarySearch(String filePrefix, List<String> preferredNames,
                         BiFunction<String, List<Path>, ? extends RuntimeException> failure) {
        this.filePrefix = Objects.requireNonNull(filePrefix, "filePrefix");
        this.preferredNames = List.copyOf(preferredNames);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** {@code value} trimmed, or empty when it is unset or blank. */
    public static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** Whether this JVM runs on 64-bit ARM, whose libraries live in other directories. */
    public static boolean arm() {
        return System.getProperty("os.arch", "").contains("aarch64");
    }

    /** The distribution's library directories, as Debian, Fedora and source installs lay them out. */
    public static List<Path> distributionDirectories() {
        return List.of(Path.of(arm() ? "/usr/lib/aarch64-linux-gnu" : "/usr/lib/x86_64-linux-gnu"),
                Path.of("/usr/lib64"), Path.of("/usr/local/lib"), Path.of("/usr/lib"));
    }

    /**
     * The file an explicit setting names, which is final: if {@code refusal} has a reason against it, the search
     * fails with {@code "<setting> names <file>, which <reason>"}.
     *
     * @param refusal why the file cannot be the library, or empty when it can
     */
    public Path explicitFile(String value, String setting, Function<Path, Optional<String>> refusal) {
        Path file = Path.of(value).toAbsolutePath();
        searched.add(file);
        Optional<String> why = refusal.apply(file);
        if (why.isPresent()) {
            throw fail(setting + " names " + file + ", which " + why.get());
        }
        return file;
    }

    /** The library in the first of {@code dirs} that holds one. */
    public Optional<Path> inDirectories(List<Path> dirs) {
        for (Path dir : dirs) {
            Optional<Path> found = inDirectory(dir);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The library in {@code dir}: a preferred name if present, else the first versioned name in sort order. */
    public Optional<Path> inDirectory(Path dir) {
        searched.add(dir.resolve(filePrefix + "*"));
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(this::isLibraryName)
                    .filter(Files::isRegularFile)
                    .min(Comparator.comparingInt(this::rank).thenComparing(p -> p.getFileName().toString()))
                    .map(Path::toAbsolutePath);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Records a place looked at that is not a plain directory (a pattern with a wildcard in it). */
    public void tried(Path pattern) {
        searched.add(pattern);
    }

    /** Every file and pattern tried so far, in order. */
    public List<Path> searched() {
        return List.copyOf(searched);
    }

    /** The library's exception for {@code reason}, listing what was searched. */
    public RuntimeException fail(String reason) {
        return failure.apply(reason, searched());
    }

    private int rank(Path file) {
        int index = preferredNames.indexOf(file.getFileName().toString());
        return index < 0 ? preferredNames.size() : index;
    }

    private boolean isLibraryName(Path file) {
        String name = file.getFileName().toString();
        return name.equals(filePrefix) || name.startsWith(filePrefix + ".");
    }
}
