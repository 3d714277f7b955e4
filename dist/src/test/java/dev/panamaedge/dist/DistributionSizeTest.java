package dev.panamaedge.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The unpacked distribution does not grow unnoticed, and carries no jar only the benchmarks or the load generator
 * use: ONNX Runtime's 54 MB jar once slipped in with the bench engine (226 MB unpacked).
 */
final class DistributionSizeTest {
    /**
     * 171.6 MB measured on 2026-12-07 plus a little headroom. The goal is 150 MB; OpenVINO's CPU runtime alone is
     * 87.8 MB of what is left, the Java runtime 63.7 MB (docs/performance.md).
     */
    private static final long BUDGET_BYTES = 175_000_000L;

    @Test
    void unpackedDistributionFitsTheBudgetWithoutBenchmarkJars() throws IOException {
        Path dir = DistUnderTest.get().directory();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        long total = files.stream().mapToLong(DistributionSizeTest::size).sum();
        List<String> largest = files.stream().sorted(Comparator.comparingLong(DistributionSizeTest::size).reversed())
                .limit(6).map(f -> dir.relativize(f) + " " + size(f) / 1_000_000 + " MB").toList();
        assertTrue(total <= BUDGET_BYTES, total / 1_000_000 + " MB unpacked; largest: " + largest);
        List<String> benchOnly = files.stream().map(f -> f.getFileName().toString())
                .filter(n -> n.startsWith("onnxruntime-") || n.startsWith("jmh-core-")
                        || n.startsWith("grpc-netty-shaded-"))
                .toList();
        assertEquals(List.of(), benchOnly);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
