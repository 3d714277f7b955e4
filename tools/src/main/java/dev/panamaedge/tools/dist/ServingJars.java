package dev.panamaedge.tools.dist;

import java.nio.file.Path;
import java.util.List;

/**
 * The jars {@code edge-serve} runs on: the CLI's class path without what only benchmarks and the load generator
 * use (JMH and its option parser and statistics, the Netty-shaded gRPC client transport of {@code edge
 * loadtest}, ONNX Runtime for {@code edge bench --engine onnxruntime}: 54 MB with its native libraries). The
 * server's own gRPC transport is Helidon's.
 */
final class ServingJars {
    private static final List<String> NOT_FOR_SERVING = List.of("jmh-core-", "jopt-simple-", "commons-math3-",
            "grpc-netty-shaded-", "onnxruntime-");

    private ServingJars() {
    }

    static List<Path> select(List<Path> classPath) {
        return classPath.stream()
                .filter(p -> p.getFileName().toString().endsWith(".jar"))
                .filter(p -> NOT_FOR_SERVING.stream().noneMatch(n -> p.getFileName().toString().startsWith(n)))
                .toList();
    }
}
