package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reproducible tarballs through GNU tar and gzip (both on every Debian): entries sorted by name, owned by
 * root (0:0), dated {@link #EPOCH}, and gzip without a name or time stamp, so the same tree gives the same bytes
 * and so the same OCI digests.
 */
final class Tarball {
    /** 2000-01-01T00:00:00Z, the mtime of every entry (0 would make some tools warn about dates in 1970). */
    static final long EPOCH = 946_684_800L;

    private Tarball() {
    }

    /** {@code dir} as {@code target} (.tar.gz), its entries under {@code dir}'s own name. */
    static void createGzip(Path dir, Path target) throws IOException {
        create(dir.getParent(), List.of(dir.getFileName().toString()), List.of(), target, true);
    }

    /**
     * Entries {@code names} of {@code base} into {@code target}, uncompressed or gzip'd, each path rewritten by the
     * sed-style {@code transforms} of GNU tar's {@code --transform}.
     */
    static void create(Path base, List<String> names, List<String> transforms, Path target, boolean gzip)
            throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        List<String> cmd = new ArrayList<>(List.of("tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner",
                "--mtime=@" + EPOCH, "--format=posix", "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime"));
        for (String t : transforms) {
            cmd.add("--transform=" + t);
        }
        if (gzip) {
            cmd.add("--use-compress-program=gzip -n -6");
        }
        cmd.addAll(List.of("-cf", target.toAbsolutePath().toString(), "-C", base.toString()));
        cmd.addAll(names);
        run(cmd);
    }

    /** Unpacks {@code archive} (.tar or .tar.gz) into {@code dir}. */
    static void extract(Path archive, Path dir) throws IOException {
        Files.createDirectories(dir);
        run(List.of("tar", "-xf", archive.toAbsolutePath().toString(), "-C", dir.toString()));
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.strip());
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
