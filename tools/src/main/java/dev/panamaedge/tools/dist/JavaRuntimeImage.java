package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * The distribution's Java runtime: {@code jdeps} finds the JDK modules the serving jars use, {@code jlink} links
 * only those (plus {@value #VECTOR_MODULE}, which the launcher adds at run time and no class file names) from the
 * JDK this JVM runs on. Both run in-process through {@link ToolProvider}, so only a JDK is needed, not its
 * {@code bin} on the PATH.
 */
final class JavaRuntimeImage {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** Named only on the command line (--add-modules), so jdeps cannot see it. */
    private static final List<String> REFLECTIVE_MODULES = List.of(VECTOR_MODULE);

    private JavaRuntimeImage() {
    }

    /**
     * The JDK modules {@code jars} need, by {@code jdeps --print-module-deps} over the entry jar and what it reaches.
     *
     * @throws IllegalStateException with jdeps' output if it fails
     */
    static List<String> modules(Path entryJar, List<Path> jars) {
        String classPath = jars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        String out = run("jdeps", "--ignore-missing-deps", "--print-module-deps", "--multi-release",
                Integer.toString(Runtime.version().feature()), "--recursive", "--class-path", classPath,
                entryJar.toString()).trim();
        String lastLine = out.lines().reduce((a, b) -> b).orElse("");
        var modules = new TreeSet<>(Arrays.asList(lastLine.split(",")));
        modules.addAll(REFLECTIVE_MODULES);
        modules.removeIf(String::isBlank);
        if (!modules.contains("java.base")) {
            throw new IllegalStateException("jdeps printed no module list: " + out);
        }
        return List.copyOf(modules);
    }

    /**
     * Links {@code modules} into {@code target} (which must not exist): no debug attributes, headers or man pages,
     * then without {@link #UNUSED_NATIVE_LIBRARIES}. (Temurin's native debug information is in separate files
     * already, which jlink leaves out; libjvm.so keeps its symbol table, 5 MB, for readable crash reports.)
     */
    static void link(List<String> modules, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        List<String> args = new ArrayList<>(List.of("--add-modules", String.join(",", modules), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--compress=zip-9", "--output", target.toString()));
        run("jlink", args.toArray(String[]::new));
        if (!Files.isExecutable(target.resolve("bin/java"))) {
            throw new IllegalStateException("jlink made no " + target.resolve("bin/java"));
        }
        for (String lib : UNUSED_NATIVE_LIBRARIES) {
            Files.deleteIfExists(target.resolve("lib").resolve(lib));
        }
    }

    /**
     * java.desktop's native libraries a headless server never loads (the launcher sets java.awt.headless): X11
     * windows, the splash screen, sound, and font rendering (ImageIO decodes and converts colour without fonts;
     * nothing here draws text). 3.8 MB; image decoding keeps libawt, libawt_headless, libmlib_image, liblcms and
     * libjavajpeg.
     */
    static final List<String> UNUSED_NATIVE_LIBRARIES = List.of("libawt_xawt.so", "libsplashscreen.so",
            "libjsound.so", "libfontmanager.so", "libfreetype.so");

    private static String run(String tool, String... args) {
        ToolProvider provider = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException(
                tool + " is not in this Java runtime (" + System.getProperty("java.home") + "): edge dist needs a JDK"));
        var out = new StringWriter();
        List<String> argv = new ArrayList<>(List.of(args));
        int status;
        try (var writer = new PrintWriter(out)) {
            status = provider.run(writer, writer, argv.toArray(String[]::new));
        }
        if (status != 0) {
            throw new IllegalStateException(tool + " " + String.join(" ", argv) + " failed (exit " + status + "): " + out);
        }
        return out.toString();
    }
}
