package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.testsupport.MissingData;
import dev.panamaedge.testsupport.ProjectVenv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stock Python {@code tritonclient}, unchanged, against a server started through {@link ServerMain} on
 * a free loopback port: health, metadata, inference and the unknown-model error.
 *
 * <p>Over gRPC this also proves the HTTP/2 layer that lets grpcio's literal-name {@code :path} through
 * Helidon's HPACK decoder ({@code dev.panamaedge.server.http2}): without it every call ends in GOAWAY
 * PROTOCOL_ERROR.
 */
final class TritonClientTest {

    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("server/src/test/python/tritonclient_check.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
            s = d.resolve("src/test/python/tritonclient_check.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new AssertionError("tritonclient_check.py not found");
    }

    @Test
    void stockTritonClientWorksUnchangedOverHttpAndGrpc() throws Exception {
        Path python = ProjectVenv.tool("python");
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "engine",
                "reference", "model", TestModels.mobilenetXml().toString(), "model-name", "mobilenet"));
        try (ServerMain server = ServerMain.start(config, new Engines(), List::of)) {
            assertTrue(server.registry().awaitLoaded(120_000));
            Process p = new ProcessBuilder(python.toString(), script().toString(), "127.0.0.1:" + server.port(),
                    "mobilenet", "http,grpc").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python client did not finish");
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0 && text.isBlank()) {
                String reason = "tritonclient_check.py failed (exit " + p.exitValue() + "); is tritonclient[http,grpc]"
                        + " installed in the venv?";
                MissingData.skipOrFail(reason);
            }
            assertEquals(0, p.exitValue(), text);
            JsonNode report = Json.MAPPER.readTree(text);
            float[] input = floats(report.get("input"));
            float[] want = TestModels.expected(input);
            for (String protocol : List.of("http", "grpc")) {
                JsonNode r = report.get(protocol);
                assertTrue(r.get("live").asBoolean(), protocol);
                assertTrue(r.get("ready").asBoolean(), protocol);
                assertTrue(r.get("model_ready").asBoolean(), protocol);
                assertEquals("[\"1\"]", r.get("versions").toString(), protocol);
                assertEquals("[1,1000]", r.get("output_shape").toString(), protocol);
                assertArrayEquals(want, floats(r.get("output")), 1e-5f, protocol);
                assertTrue(r.get("unknown_model_error").asText().contains("unknown model 'no_such_model'"),
                        protocol + ": " + r.get("unknown_model_error").asText());
            }
        }
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }
}
