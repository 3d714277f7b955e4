package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * JDK packages a headless server never loads a class from, emptied in the linked runtime (6.3 MB of its
 * {@code lib/modules}): Swing, sound, printing, the X11 toolkit and its OpenGL / XRender pipelines of java.desktop,
 * whose native halves {@link JavaRuntimeImage#UNUSED_FILES} removes already or which draw on a screen the launcher
 * declares absent ({@code java.awt.headless}); and java.xml's XSLT compiler and runtime (xsltc, BCEL, CUP), for
 * no code here transforms XML (the IR is read with StAX). ImageIO, colour management, java.awt.image, the XML
 * parsers and java.beans stay whole.
 *
 * <p>jlink requires every package a module declares to be present, so each emptied package keeps its smallest
 * file: a class of an emptied package loads (it stays a working JDK module), one of its siblings does not
 * (NoClassDefFoundError). The chroot and OCI tests of the dist module run the server on the runtime linked so.
 */
final class HollowPackages {
    /** Module/package directories, each with every package under it. */
    static final List<String> TREES = List.of("java.desktop/javax/swing", "java.desktop/sun/swing",
            "java.desktop/com/sun/java/swing", "java.desktop/javax/sound", "java.desktop/com/sun/media/sound",
            "java.desktop/javax/print", "java.desktop/sun/print", "java.desktop/sun/awt/X11",
            "java.desktop/sun/java2d/opengl", "java.desktop/sun/java2d/xr", "java.desktop/sun/java2d/x11",
            "java.xml/com/sun/org/apache/xalan/internal/xsltc", "java.xml/com/sun/org/apache/bcel",
            "java.xml/com/sun/java_cup");

    /** The file name ending of a translated resource bundle of the JDK ({@code Foo_de.class}). */
    static final String TRANSLATION = "_(de|es|fr|it|ja|ko|pt_BR|sv|zh_CN|zh_TW|zh_HK)\\.(class|properties)";
    private static final Pattern TRANSLATED = Pattern.compile(".*" + TRANSLATION);

    private HollowPackages() {
    }

    /**
     * jlink {@code --exclude-resources} patterns that empty every package under {@link #TREES} but its smallest
     * file (not a translation, which jlink leaves out too), listed from the running JDK, which jlink links from.
     */
    static List<String> excludePatterns() {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<String> patterns = new ArrayList<>();
        for (String tree : TREES) {
            Path top = jrt.getPath("/modules", tree);
            if (!Files.isDirectory(top)) {
                throw new IllegalStateException("this JDK has no " + top + ": not a JDK edge dist knows");
            }
            try (Stream<Path> dirs = Files.walk(top)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    smallestFile(dir).ifPresent(keep -> patterns.add("regex:"
                            + Pattern.quote(dir.toString().substring("/modules".length()) + "/")
                            + "(?!" + Pattern.quote(keep) + "$)[^/]+"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + top + " of this JDK", e);
            }
        }
        return patterns;
    }

    private static java.util.Optional<String> smallestFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !TRANSLATED.matcher(f.getFileName().toString()).matches())
                    .min(Comparator.comparingLong(HollowPackages::size).thenComparing(Path::toString))
                    .map(f -> f.getFileName().toString());
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
