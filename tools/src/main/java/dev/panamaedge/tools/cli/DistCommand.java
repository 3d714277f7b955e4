package dev.panamaedge.tools.cli;

import dev.panamaedge.openvino.OpenVino;
import dev.panamaedge.tools.dist.DistributionBuild;
import dev.panamaedge.tools.dist.DistributionInputs;
import dev.panamaedge.turbojpeg.TurboJpeg;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edge dist}: the self-contained distribution for one gateway (directory and {@code .tar.gz}) and an OCI
 * image layout of it for a fleet, from this build's jars, the JDK it runs on and the project venv's OpenVINO.
 */
@Command(name = "dist", mixinStandardHelpOptions = true,
        description = "Build the self-contained distribution (jlink'd Java runtime, serving jars, OpenVINO's CPU"
                + " runtime, launcher bin/edge-serve, etc/edge.yaml, a systemd unit), its .tar.gz and an OCI image"
                + " layout of it. Prints the paths on stdout and the size, by part, on stderr.")
final class DistCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR",
            description = "output directory (default: target/dist in the project)")
    Path out;

    @Option(names = "--base-rootfs", paramLabel = "DIR",
            description = "a Debian bookworm root (e.g. from debootstrap) to put into the image as its base layer;"
                    + " without it the image is one layer for a debian:bookworm-slim base")
    Path baseRootfs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            Path project = Path.of(Optional.ofNullable(System.getProperty("edge.project.dir")).orElse("."));
            Path deploy = project.resolve("deploy");
            if (!Files.isDirectory(deploy)) {
                throw new UsageException("no deploy/ directory in " + project.toAbsolutePath()
                        + " (run edge dist through the repository's ./edge)");
            }
            if (baseRootfs != null && !Files.isRegularFile(baseRootfs.resolve("etc/debian_version"))) {
                throw new UsageException("--base-rootfs " + baseRootfs + " is not a Debian root (no etc/debian_version)");
            }
            OpenVino openvino = OpenVino.load();
            Optional<Path> turboJpeg;
            try {
                turboJpeg = Optional.of(TurboJpeg.load().libraryPath());
            } catch (RuntimeException | LinkageError e) {
                spec.commandLine().getErr().println("edge dist: no libturbojpeg to bundle (" + Failures.describe(e)
                        + "); the distribution uses the system's libturbojpeg0, else ImageIO");
                turboJpeg = Optional.empty();
            }
            var build = EdgeVersion.buildProperties();
            var inputs = new DistributionInputs(build.getProperty("version", "unknown"),
                    build.getProperty("openvino.version", "unknown"), entryJar(), classPath(),
                    openvino.libraryPath().toRealPath().getParent(), turboJpeg, deploy);
            DistributionBuild.Result result = DistributionBuild.run(inputs,
                    out != null ? out : project.resolve("target/dist"), Optional.ofNullable(baseRootfs),
                    spec.commandLine().getErr());
            spec.commandLine().getOut().println(result.directory());
            spec.commandLine().getOut().println(result.tarball());
            spec.commandLine().getOut().println(result.image());
            spec.commandLine().getOut().flush();
            return Failures.EXIT_OK;
        });
    }

    private static Path entryJar() throws URISyntaxException {
        Path jar = Path.of(EdgeServe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.getFileName().toString().endsWith(".jar")) {
            throw new UsageException("edge dist runs from the packaged tools jar, not from " + jar
                    + " (run it through ./edge)");
        }
        return jar;
    }

    private static List<Path> classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
    }
}
