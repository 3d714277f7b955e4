package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the self-contained distribution under {@code out/panama-edge-<version>/}:
 * <pre>
 *   bin/edge-serve, bin/edge-wait-ready   launcher (serving only) and the readiness wait of the systemd unit
 *   runtime/                              the jlink'd Java runtime
 *   lib/app/                              the serving jars
 *   lib/openvino/                         OpenVINO's CPU runtime from the pinned wheel ({@link OpenVinoFiles})
 *   lib/native/libturbojpeg.so.0          libjpeg-turbo, when the build machine has it
 *   etc/edge.yaml                         the default configuration
 *   systemd/panama-edge.service           the unit for one gateway
 *   dist.properties                       versions, the Java modules linked, and the size of each part
 * </pre>
 * The launcher, configuration and unit are the repository's {@code deploy/} files, copied as they are.
 */
public final class Distribution {
    private Distribution() {
    }

    /** Builds it afresh (an older tree of the same name is removed first) and returns its directory. */
    public static Path build(DistributionInputs in, Path out, PrintWriter progress) throws IOException {
        Path root = out.resolve(in.name());
        deleteTree(root);
        Files.createDirectories(root);

        List<Path> jars = ServingJars.select(in.classPath());
        progress.println("edge dist: finding the Java modules the " + jars.size() + " serving jars need (jdeps)");
        progress.flush();
        List<String> modules = JavaRuntimeImage.modules(in.entryJar(), jars);
        progress.println("edge dist: linking a Java runtime of " + String.join(",", modules) + " (jlink)");
        progress.flush();
        JavaRuntimeImage.link(modules, root.resolve("runtime"));

        Path app = Files.createDirectories(root.resolve("lib/app"));
        for (Path jar : new LinkedHashSet<>(prepend(in.entryJar(), jars))) {
            Files.copy(jar, app.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path openvino = Files.createDirectories(root.resolve("lib/openvino"));
        for (Path lib : OpenVinoFiles.forCpuServing(in.openVinoLibs())) {
            Files.copy(lib, openvino.resolve(lib.getFileName()));
        }
        if (in.turboJpeg().isPresent()) {
            Path nativeLibs = Files.createDirectories(root.resolve("lib/native"));
            Files.copy(in.turboJpeg().get().toRealPath(), nativeLibs.resolve("libturbojpeg.so.0"));
        }
        copyTree(in.deployDir().resolve("dist"), root);
        copyTree(in.deployDir().resolve("systemd"), root.resolve("systemd"));
        for (String launcher : List.of("bin/edge-serve", "bin/edge-wait-ready")) {
            if (!root.resolve(launcher).toFile().setExecutable(true, false)) {
                throw new IOException("cannot make " + root.resolve(launcher) + " executable");
            }
        }
        writeProperties(in, modules, SizeReport.of(root), root.resolve("dist.properties"));
        return root;
    }

    private static List<Path> prepend(Path first, List<Path> rest) {
        List<Path> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** The sizes are of the tree before this file, a few hundred bytes, is written: bytes, as the files' lengths. */
    private static void writeProperties(DistributionInputs in, List<String> modules, SizeReport size, Path file)
            throws IOException {
        List<String> sizes = new ArrayList<>(List.of("size.total=" + size.totalBytes()));
        for (SizeReport.Part part : size.parts()) {
            sizes.add("size." + part.path() + "=" + part.bytes());
        }
        // Written by hand, not Properties.store, which dates the file: the same inputs give the same tarball.
        Files.writeString(file, String.join("\n", "# panama-edge distribution (edge dist)",
                "version=" + in.version(),
                "openvino.version=" + in.openVinoVersion(),
                "java.version=" + Runtime.version(),
                "java.modules=" + String.join(",", modules),
                "turbojpeg=" + (in.turboJpeg().isPresent() ? "bundled (lib/native)" : "system (libturbojpeg0)"),
                "# unpacked size in bytes, by part (edge dist prints it in MB)",
                String.join("\n", sizes)) + "\n");
    }

    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IOException("missing " + from + " (edge dist copies the repository's deploy/ files)");
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
