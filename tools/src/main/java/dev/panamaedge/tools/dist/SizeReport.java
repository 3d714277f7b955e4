package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The unpacked size of a distribution, by part, and its largest files: what dominates it. */
record SizeReport(long totalBytes, List<Part> parts, List<Part> largestFiles) {
    /** A directory or file of the distribution and its size. */
    record Part(String path, long bytes) {
    }

    static SizeReport of(Path root) throws IOException {
        List<Part> parts = new ArrayList<>();
        for (String part : List.of("runtime", "lib/app", "lib/openvino", "lib/native", "bin", "etc", "systemd")) {
            if (Files.exists(root.resolve(part))) {
                parts.add(new Part(part, bytes(root.resolve(part))));
            }
        }
        List<Part> largest;
        try (Stream<Path> files = Files.walk(root)) {
            largest = files.filter(Files::isRegularFile)
                    .map(f -> new Part(root.relativize(f).toString(), size(f)))
                    .sorted(Comparator.comparingLong(Part::bytes).reversed()).limit(6).toList();
        }
        return new SizeReport(bytes(root), parts, largest);
    }

    static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(SizeReport::size).sum();
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
