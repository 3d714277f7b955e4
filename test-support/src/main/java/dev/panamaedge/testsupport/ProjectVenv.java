package dev.panamaedge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/**
 * The project's Python venv, {@code .venv} in the repository root, which {@code ./edge} creates from
 * {@code tools/python/requirements.txt}: the OpenVINO wheel's C libraries, {@code ovc}, {@code benchmark_app}
 * and {@code python}. It is found on its own, without {@code ../shared}, so tests that need only OpenVINO run
 * where the shared data is absent. Anything missing skips outside CI and fails under CI (see
 * {@link MissingData}).
 */
public final class ProjectVenv {
    private static final String HOW_TO_CREATE = "; ./edge creates it from tools/python/requirements.txt";

    private ProjectVenv() {
    }

    /**
     * The venv directory: {@code .venv} in the nearest ancestor of the working directory that holds both a
     * {@code pom.xml} and a {@code .venv} directory.
     *
     * @return its absolute path
     */
    public static Path directory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path venv = d.resolve(".venv");
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(venv)) {
                return venv;
            }
        }
        return MissingData.skipOrFail("no project venv (.venv beside a pom.xml) above " + start + HOW_TO_CREATE);
    }

    /**
     * An executable in the venv's {@code bin}, such as {@code ovc}, {@code benchmark_app} or {@code python}.
     *
     * @param name the executable's file name
     * @return its absolute path, which is executable
     */
    public static Path tool(String name) {
        Path tool = directory().resolve("bin").resolve(name);
        if (!Files.isExecutable(tool)) {
            return MissingData.skipOrFail(tool + " is missing from the project venv" + HOW_TO_CREATE);
        }
        return tool;
    }

    /**
     * The OpenVINO wheel's library directory, {@code lib/python3.x/site-packages/openvino/libs} in the venv.
     *
     * @return its absolute path
     */
    public static Path openVinoLibs() {
        Path lib = directory().resolve("lib");
        for (Path python : children(lib, "python3*")) {
            Path libs = python.resolve("site-packages/openvino/libs");
            if (Files.isDirectory(libs)) {
                return libs;
            }
        }
        return MissingData.skipOrFail("no " + lib + "/python3*/site-packages/openvino/libs (the openvino wheel)"
                + HOW_TO_CREATE);
    }

    /**
     * The wheel's OpenVINO C library, the one {@code libopenvino_c.so*} in {@link #openVinoLibs()} (the wheel
     * ships it under its versioned name only, such as {@code libopenvino_c.so.2641}). More than one fails.
     *
     * @return its absolute path
     */
    public static Path openVinoCLibrary() {
        Path libs = openVinoLibs();
        List<Path> found = children(libs, "libopenvino_c.so*");
        if (found.size() > 1) {
            return Assertions.fail("more than one OpenVINO C library in " + libs + ": " + found);
        }
        if (found.isEmpty()) {
            return MissingData.skipOrFail("no libopenvino_c.so* in " + libs + HOW_TO_CREATE);
        }
        return found.getFirst();
    }

    private static List<Path> children(Path dir, String glob) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
            return entries.filter(p -> matcher.matches(p.getFileName())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
