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
 * only those (plus {@value #VECTOR_MODULE}, which the launcher adds at run time and no class file names, and less
 * {@link #NOT_FOR_SERVING}) from the JDK this JVM runs on, and {@link NativeSymbols} strips its shared libraries'
 * symbol tables. jdeps and jlink run in-process through {@link ToolProvider}, so only a JDK is needed, not its
 * {@code bin} on the PATH.
 */
final class JavaRuntimeImage {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /**
     * Named only on the command line (--add-modules), so jdeps cannot see it; and java.logging, which edge-serve
     * sets up first thing and which jdeps leaves out of its list when java.sql (below) already requires it.
     */
    private static final List<String> REFLECTIVE_MODULES = List.of(VECTOR_MODULE, "java.logging");
    /**
     * Modules jdeps finds only in code edge-serve never runs (1.2 MB with what they require): java.sql, for
     * Jackson's java.sql.Date support, which Jackson's own module declares optional ({@code requires static});
     * java.net.http, for the CLI's clients (classify, loadtest), not the server (the readiness wait uses
     * {@link java.net.HttpURLConnection}); java.naming, which no class file names. The chroot and OCI tests of the
     * dist module serve, classify and stop on the runtime linked without them.
     */
    static final List<String> NOT_FOR_SERVING = List.of("java.sql", "java.net.http", "java.naming");
    /**
     * Resources no server reads, left out by jlink's --exclude-resources (1.5 MB): the JDK's translated messages
     * (the server speaks English; a missing translation falls back to the English bundle) and java.desktop's
     * {@code doc-files} (javadoc pictures).
     */
    private static final String EXCLUDED_RESOURCES = "/java.desktop/**/doc-files/**,regex:/[a-z.]+/.*"
            + HollowPackages.TRANSLATION;

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
        NOT_FOR_SERVING.forEach(modules::remove);
        modules.removeIf(String::isBlank);
        if (!modules.contains("java.base")) {
            throw new IllegalStateException("jdeps printed no module list: " + out);
        }
        return List.copyOf(modules);
    }

    /**
     * Links {@code modules} into {@code target} (which must not exist): no debug attributes, headers, man pages,
     * {@link #EXCLUDED_RESOURCES} or {@link HollowPackages}, then without {@link #UNUSED_FILES}, and every shared
     * library's symbol table stripped ({@link NativeSymbols#strip}; without objcopy on the build machine it fails
     * at once, before anything is linked).
     */
    static void link(List<String> modules, Path target) throws IOException {
        NativeSymbols.requireObjcopy();
        Files.createDirectories(target.getParent());
        List<String> args = new ArrayList<>(List.of("--add-modules", String.join(",", modules), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--compress=zip-9", "--exclude-resources=" + String.join(",",
                        EXCLUDED_RESOURCES, String.join(",", HollowPackages.excludePatterns())),
                "--output", target.toString()));
        run("jlink", args.toArray(String[]::new));
        if (!Files.isExecutable(target.resolve("bin/java"))) {
            throw new IllegalStateException("jlink made no " + target.resolve("bin/java"));
        }
        for (String file : UNUSED_FILES) {
            Files.deleteIfExists(target.resolve("lib").resolve(file));
        }
        NativeSymbols.strip(target);
    }

    /**
     * Files of {@code lib/} a headless server never loads or loses nothing without (5.6 MB). java.desktop's X11
     * windows, splash screen, sound and font rendering (the launcher sets java.awt.headless; ImageIO decodes and
     * converts colour without fonts; nothing here draws text). Three optional accelerators, without which the JDK
     * runs its Java code instead: libmlib_image (BufferedImageOps such as AffineTransformOp, which the decoders do
     * not use), libjsvml (Vector API sin/exp/log…, which no kernel here uses) and libsimdsort (AVX-512
     * Arrays.sort; the server sorts 1000 scores at most). And jrt-fs.jar, which only a tool on another JDK reads
     * this image's modules with. Image decoding keeps libawt, libawt_headless, liblcms and libjavajpeg.
     */
    static final List<String> UNUSED_FILES = List.of("libawt_xawt.so", "libsplashscreen.so", "libjsound.so",
            "libfontmanager.so", "libfreetype.so", "libmlib_image.so", "libjsvml.so", "libsimdsort.so", "jrt-fs.jar");

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
