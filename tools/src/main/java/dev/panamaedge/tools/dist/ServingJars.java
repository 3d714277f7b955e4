package dev.panamaedge.tools.dist;

import java.nio.file.Path;
import java.util.List;

/**
 * The jars {@code edge-serve} runs on: the CLI's class path without what only benchmarks and the load generator
 * use (JMH and its option parser and statistics, the Netty-shaded gRPC client transport of {@code edge
 * loadtest}, ONNX Runtime for {@code edge bench --engine onnxruntime}: 54 MB with its native libraries). The
 * server's own gRPC transport is Helidon's, which builds on grpc-api alone, so also left out (4.0 MB) are what
 * only a gRPC client loads: grpc-core and grpc-util (channels, name resolvers, load balancers), gson and
 * protobuf-java-util (JSON for service configs, protobuf's JSON format) and proto-google-common-protos (the
 * google.rpc and google.api messages, which no service here sends). No class jdeps reaches from the
 * tools jar names any of them, and a server exercised over HTTP and gRPC (KServe, health, reflection, classify)
 * loads no class from them.
 */
final class ServingJars {
    static final List<String> NOT_FOR_SERVING = List.of("jmh-core-", "jopt-simple-", "commons-math3-",
            "grpc-netty-shaded-", "onnxruntime-", "grpc-core-", "grpc-util-", "gson-", "proto-google-common-protos-",
            "protobuf-java-util-");

    private ServingJars() {
    }

    static List<Path> select(List<Path> classPath) {
        return classPath.stream()
                .filter(p -> p.getFileName().toString().endsWith(".jar"))
                .filter(p -> NOT_FOR_SERVING.stream().noneMatch(n -> p.getFileName().toString().startsWith(n)))
                .toList();
    }
}
