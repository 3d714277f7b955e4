package dev.panamaedge.dist;

import dev.panamaedge.testsupport.MissingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A minimal Debian bookworm root ({@code debootstrap --variant=minbase}: no JDK, Maven or Python), made once
 * from the mirror apt uses here and cached in the project's ignored {@code .edge/cache/debian}, then copied for
 * each test so a test never changes the cache. Making it and chroot'ing into it need root: outside CI a
 * non-root run skips with the reason, under {@code CI=true} it fails.
 */
final class DebianRoot {
    static final String SUITE = "bookworm";
    private static final String FALLBACK_MIRROR = "http://deb.debian.org/debian";
    private static final Pattern ONE_LINE = Pattern.compile("^deb\\s+(?:\\[[^]]*]\\s+)?(\\S+)\\s+(\\S+)");
    private static final Pattern DEB822_URI = Pattern.compile("^URIs:\\s*(\\S+)", Pattern.MULTILINE);
    private static final Pattern DEB822_SUITES = Pattern.compile("^Suites:\\s*(.+)$", Pattern.MULTILINE);

    private DebianRoot() {
    }

    /** Fails under CI, skips outside it, unless this test can debootstrap and chroot (root, the tools present). */
    static void requireRootAndTools() throws IOException {
        if (!isRoot()) {
            MissingData.skipOrFail("the Debian chroot tests need root (debootstrap, mount, chroot); running as uid "
                    + Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        }
        for (String tool : List.of("debootstrap", "unshare", "chroot", "tar", "cp")) {
            if (Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin").noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                MissingData.skipOrFail("no " + tool + " (Debian: apt-get install debootstrap util-linux coreutils tar;"
                        + " .ci/run installs debootstrap)");
            }
        }
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** A fresh copy of the cached root at {@code target} (which must not exist). */
    static Path copyTo(Path target) throws IOException, InterruptedException {
        Path cached = cached();
        Files.createDirectories(target.getParent());
        Commands.run(List.of("cp", "-a", cached.toString(), target.toString()), Duration.ofMinutes(5));
        return target;
    }

    /**
     * Removes a copy made by {@link #copyTo} with {@code rm -rf} (its absolute symbolic links would make JUnit's
     * temporary-directory clean-up warn at each one). The chroot's mounts lived in the process's own mount
     * namespace and are gone, so nothing outside the copy is touched.
     */
    static void remove(Path copy) throws IOException, InterruptedException {
        Commands.run(List.of("rm", "-rf", copy.toString()), Duration.ofMinutes(2));
    }

    /** The cached root, debootstrap'd on first use (a partial one from an interrupted run is redone). */
    static synchronized Path cached() throws IOException, InterruptedException {
        Path cache = Path.of(System.getProperty("edge.project.dir", ".")).resolve(".edge/cache/debian")
                .toAbsolutePath().normalize();
        Path root = cache.resolve(SUITE + "-minbase");
        if (Files.isRegularFile(root.resolve("etc/debian_version"))) {
            return root;
        }
        Path partial = cache.resolve(SUITE + "-minbase.partial");
        Commands.run(List.of("rm", "-rf", partial.toString()), Duration.ofMinutes(5));
        Files.createDirectories(cache);
        Commands.run(List.of("debootstrap", "--variant=minbase", SUITE, partial.toString(), mirror()),
                Duration.ofMinutes(20));
        Files.move(partial, root);
        return root;
    }

    /** The Debian mirror apt uses here (its sources for the suite), else deb.debian.org. */
    static String mirror() throws IOException {
        List<Path> sources = new ArrayList<>();
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.isRegularFile(list)) {
            sources.add(list);
        }
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.sorted().forEach(sources::add);
            }
        }
        for (Path source : sources) {
            Optional<String> found = mirrorIn(Files.readString(source));
            if (found.isPresent()) {
                return found.get();
            }
        }
        return FALLBACK_MIRROR;
    }

    /** The URI of a source that serves the suite itself (not -security or -updates), in either sources format. */
    static Optional<String> mirrorIn(String text) {
        for (String stanza : text.split("\\n\\s*\\n")) {
            Matcher uri = DEB822_URI.matcher(stanza);
            Matcher suites = DEB822_SUITES.matcher(stanza);
            if (uri.find() && suites.find() && List.of(suites.group(1).trim().split("\\s+")).contains(SUITE)) {
                return Optional.of(uri.group(1));
            }
        }
        for (String line : text.lines().toList()) {
            Matcher m = ONE_LINE.matcher(line.trim());
            if (m.find() && m.group(2).equals(SUITE)) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
