package dev.panamaedge.tools.dist;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a distribution is built from.
 *
 * @param version      panama-edge's version, in the directory name {@code panama-edge-<version>}
 * @param openVinoVersion the OpenVINO release of {@code openVinoLibs}, recorded in {@code dist.properties}
 * @param entryJar     the jar holding {@code edge-serve}'s main class (the tools jar); jdeps starts there
 * @param classPath    the CLI's class path; the serving jars are chosen from it ({@link ServingJars})
 * @param openVinoLibs the pinned wheel's {@code openvino/libs} directory
 * @param turboJpeg    libjpeg-turbo's {@code libturbojpeg.so.0}, copied in when the build machine has one
 * @param deployDir    the repository's {@code deploy/} (launcher, configuration, systemd unit)
 */
public record DistributionInputs(String version, String openVinoVersion, Path entryJar, List<Path> classPath,
                                 Path openVinoLibs, Optional<Path> turboJpeg, Path deployDir) {
    public DistributionInputs {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(openVinoVersion, "openVinoVersion");
        Objects.requireNonNull(entryJar, "entryJar");
        classPath = List.copyOf(classPath);
        Objects.requireNonNull(openVinoLibs, "openVinoLibs");
        Objects.requireNonNull(turboJpeg, "turboJpeg");
        Objects.requireNonNull(deployDir, "deployDir");
        if (!version.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("version must be a plain file name part, got '" + version + "'");
        }
    }

    /** {@code panama-edge-<version>}: the distribution's directory, and the top directory of its tarball. */
    public String name() {
        return "panama-edge-" + version;
    }
}
