package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** {@code edge dist} from end to end: the distribution, its tarball, its OCI image layout and its size report. */
public final class DistributionBuild {
    /** Where the three artifacts are. */
    public record Result(Path directory, Path tarball, Path image) {
    }

    private DistributionBuild() {
    }

    public static Result run(DistributionInputs in, Path out, Optional<Path> baseRootfs, PrintWriter progress)
            throws IOException {
        Path dir = Distribution.build(in, out, progress);
        report(SizeReport.of(dir), progress);
        Path tarball = out.resolve(in.name() + ".tar.gz");
        progress.println("edge dist: packing " + tarball.getFileName());
        progress.flush();
        Tarball.createGzip(dir, tarball);
        Path image = out.resolve(in.name() + "-oci");
        progress.println("edge dist: writing the OCI image layout " + image.getFileName()
                + (baseRootfs.isPresent() ? " (base layer from " + baseRootfs.get() + ")" : " (one layer for "
                + OciImage.BASE_NAME + ")"));
        progress.flush();
        OciImage.write(dir, in.version(), baseRootfs, image);
        progress.println("edge dist: " + SizeReport.megabytes(java.nio.file.Files.size(tarball)) + " packed");
        progress.flush();
        return new Result(dir, tarball, image);
    }

    private static void report(SizeReport size, PrintWriter progress) {
        progress.println("edge dist: " + SizeReport.megabytes(size.totalBytes()) + " unpacked:");
        for (SizeReport.Part part : size.parts()) {
            progress.printf("  %-14s %10s%n", part.path(), SizeReport.megabytes(part.bytes()));
        }
        progress.println("  largest files:");
        for (SizeReport.Part file : size.largestFiles()) {
            progress.printf("  %-50s %10s%n", file.path(), SizeReport.megabytes(file.bytes()));
        }
        progress.flush();
    }
}
