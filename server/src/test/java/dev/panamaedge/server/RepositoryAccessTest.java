package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Who may load and unload models: {@code repository-control} auto allows it only on a loopback listener, on and
 * off override; off-loopback the stock tritonclient gets 403 / PERMISSION_DENIED naming the setting, over both
 * protocols, and the model keeps serving.
 */
final class RepositoryAccessTest {

    @Test
    void autoAllowsLoopbackOnlyAndOnAndOffOverride() {
        assertTrue(RepositoryAccess.of("auto", "127.0.0.1").refusal().isEmpty());
        assertTrue(RepositoryAccess.of("auto", "localhost").refusal().isEmpty());
        assertTrue(RepositoryAccess.of("auto", "::1").refusal().isEmpty());
        assertTrue(RepositoryAccess.of("auto", "0.0.0.0").refusal().orElseThrow().contains("repository-control: on"));
        assertTrue(RepositoryAccess.of("ON", "0.0.0.0").refusal().isEmpty());
        assertTrue(RepositoryAccess.of("off", "127.0.0.1").refusal().orElseThrow().contains("repository-control: off"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> RepositoryAccess.of("maybe", "127.0.0.1"));
        assertEquals("repository-control must be auto, on or off, got 'maybe'", bad.getMessage());
    }

    @Test
    void theSettingComesFromTheEnvironmentFlagsAndFileLikeTheOthers(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        assertTrue(ServerConfig.load(Optional.empty(), Map.of(), Map.of("host", "0.0.0.0")).repositoryAccess()
                .refusal().isPresent());
        assertTrue(ServerConfig.load(Optional.empty(), Map.of("EDGE_REPOSITORY_CONTROL", "on"),
                Map.of("host", "0.0.0.0")).repositoryAccess().refusal().isEmpty());
        assertTrue(ServerConfig.load(Optional.empty(), Map.of("EDGE_REPOSITORY_CONTROL", "on"),
                Map.of("repository-control", "off")).repositoryAccess().refusal().isPresent());
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, "edge:\n  host: 0.0.0.0\n  repository-control: on\n");
        assertTrue(ServerConfig.load(Optional.of(file), Map.of(), Map.of()).repositoryAccess().refusal().isEmpty());
        Files.writeString(file, "edge:\n  repository-control: off\n");
        assertTrue(ServerConfig.load(Optional.of(file), Map.of(), Map.of()).repositoryAccess().refusal().isPresent());
    }

    @Test
    void offLoopbackTheStockClientIsRefusedOverBothProtocols() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "simple");
        try {
            TritonExtensionsTest.simpleModel(dir);
            ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("host", "0.0.0.0", "port", "0",
                    "model", dir.resolve("model.xml").toString(), "model-name", "simple"));
            try (ServerMain server = ServerMain.start(config, new Engines(), List::of)) {
                assertTrue(server.registry().awaitLoaded(120_000));
                JsonNode r = PythonScripts.report("triton_extensions_check.py", "127.0.0.1:" + server.port(),
                        "refused");
                for (String protocol : List.of("http", "grpc")) {
                    String status = protocol.equals("http") ? "[403]" : "[StatusCode.PERMISSION_DENIED]";
                    for (String call : List.of("index_error", "load_error", "unload_error")) {
                        String error = r.get(protocol).get(call).asText();
                        assertTrue(error.startsWith(status) && error.contains("repository-control: on"),
                                protocol + " " + call + ": " + error);
                    }
                    assertTrue(r.get(protocol).get("still_ready").asBoolean(), protocol);
                }
            }
        } finally {
            dev.panamaedge.models.StagedDirectory.deleteTree(dir);
        }
    }
}
