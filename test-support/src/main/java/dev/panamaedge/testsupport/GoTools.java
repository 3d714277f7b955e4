package dev.panamaedge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * Third-party Go tools the tests drive, unchanged: {@code grpcurl}, {@code grpc_health_probe} and
 * {@code promtool}, pinned,
 * built from the Go module proxy with {@code go install module@version} into
 * {@code .edge/tools/go/<name>@<version>/} in the repository (ignored by git, like the rest of
 * {@code .edge}) on first use and reused after. A missing Go toolchain or a failed install skips outside CI
 * and fails under CI ({@link MissingData}).
 */
public final class GoTools {
    /** grpcurl: reflection-based gRPC client (list, describe, invoke). */
    public static final String GRPCURL = "github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3";
    /** grpc_health_probe: the gRPC health checker Kubernetes set-ups run (exit 0 serving, 4 not serving). */
    public static final String GRPC_HEALTH_PROBE = "github.com/grpc-ecosystem/grpc-health-probe@v0.4.63";

    /** promtool: Prometheus' own checker; {@code promtool check metrics} lints an exposition. */
    public static final String PROMTOOL = "github.com/prometheus/prometheus/cmd/promtool@v0.316.0";

    private static final long INSTALL_TIMEOUT_MINUTES = 30;

    private GoTools() {
    }

    public static Path grpcurl() {
        return installed(GRPCURL);
    }

    public static Path grpcHealthProbe() {
        return installed(GRPC_HEALTH_PROBE);
    }

    public static Path promtool() {
        return installed(PROMTOOL);
    }

    /**
     * The binary of {@code moduleAtVersion} ({@code path/to/cmd@vX.Y.Z}), installed if it is not yet.
     *
     * @return its absolute path, which is executable
     */
    public static Path installed(String moduleAtVersion) {
        int at = moduleAtVersion.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("need module@version, got " + moduleAtVersion);
        }
        String module = moduleAtVersion.substring(0, at);
        String name = module.substring(module.lastIndexOf('/') + 1);
        Path dir = toolsDirectory().resolve(name + "@" + moduleAtVersion.substring(at + 1));
        Path binary = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            // Two test JVMs (two modules, or a developer's IDE) must not build into the same folder at once.
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                if (!Files.isExecutable(binary)) {
                    install(moduleAtVersion, dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + moduleAtVersion + " into " + dir, e);
        }
        if (!Files.isExecutable(binary)) {
            return Assertions.fail("go install " + moduleAtVersion + " left no " + binary);
        }
        return binary;
    }

    private static void install(String moduleAtVersion, Path bin) throws IOException {
        Path go = goBinary();
        Path log = bin.resolve("install.log");
        ProcessBuilder pb = new ProcessBuilder(go.toString(), "install", moduleAtVersion)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("GOBIN", bin.toString());
        pb.environment().put("GOFLAGS", "-mod=mod");
        Process p = pb.start();
        try {
            if (!p.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                MissingData.skipOrFail("go install " + moduleAtVersion + " took over " + INSTALL_TIMEOUT_MINUTES
                        + " minutes (log: " + log + ")");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted installing " + moduleAtVersion, e);
        }
        if (p.exitValue() != 0) {
            MissingData.skipOrFail("go install " + moduleAtVersion + " failed (exit " + p.exitValue() + "): "
                    + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
    }

    /** {@code go} on the PATH, else the usual /usr/local/go. */
    private static Path goBinary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path go = Path.of(dir.isEmpty() ? "." : dir, "go");
            if (Files.isExecutable(go)) {
                return go;
            }
        }
        for (Path go : List.of(Path.of("/usr/local/go/bin/go"), Path.of("/usr/lib/go/bin/go"))) {
            if (Files.isExecutable(go)) {
                return go;
            }
        }
        return MissingData.skipOrFail("no Go toolchain (go on PATH or /usr/local/go/bin/go) to install the gRPC"
                + " test clients with go install");
    }

    /** {@code .edge/tools/go} in the repository root, the nearest ancestor with a pom.xml and the edge script. */
    static Path toolsDirectory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isRegularFile(d.resolve("edge"))) {
                return d.resolve(".edge/tools/go");
            }
        }
        return Assertions.fail("no repository root (pom.xml beside the edge script) above " + start);
    }
}
