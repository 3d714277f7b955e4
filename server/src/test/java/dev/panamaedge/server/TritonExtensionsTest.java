package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.models.ir.ModelMetadataFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Triton's protocol extensions through the stock {@code tritonclient} (HTTP and gRPC) and the KServe SDK's REST
 * client, unchanged, against {@code edge serve} on a repository holding Triton's {@code simple} add/sub model (an
 * IR written by OpenVINO's Python API) and the small MobileNetV2: model configuration, statistics, the
 * {@code classification} output parameter, and repository index/load/unload; checked against sums, differences
 * and rankings computed here.
 */
final class TritonExtensionsTest {
    static final int[] INPUT0 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    static final int[] INPUT1 = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3};
    private static Path repo;
    private static ServerMain server;
    private static long started;

    @BeforeAll
    static void serve() throws Exception {
        repo = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "triton-repo");
        simpleModel(repo.resolve("simple/1"));
        ModelRepositoryReloadTest.copyModel(repo.resolve("mobilenet/1"));
        started = System.currentTimeMillis();
        server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "repository",
                repo.toString(), "reload-interval-ms", "0")), new Engines(), List::of);
        assertTrue(server.registry().awaitLoaded(120_000));
        assertTrue(server.registry().isReady(), "models did not load");
    }

    /** Triton's {@code simple} model as an IR in {@code dir}, written by the venv's OpenVINO. */
    static void simpleModel(Path dir) throws Exception {
        PythonScripts.run("make_simple_model.py", dir.toString());
        assertTrue(Files.isRegularFile(dir.resolve("model.xml")), "no model.xml written in " + dir);
    }

    /** Each test starts with both models served, whatever an earlier one unloaded. */
    @BeforeEach
    void bothModelsServed() {
        for (String name : List.of("simple", "mobilenet")) {
            if (server.registry().control().isUnloaded(name)) {
                server.registry().load(name);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (repo != null) {
            dev.panamaedge.models.StagedDirectory.deleteTree(repo);
        }
    }

    private static List<Integer> sums() {
        List<Integer> v = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            v.add(INPUT0[i] + INPUT1[i]);
        }
        return v;
    }

    private static List<Integer> differences() {
        List<Integer> v = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            v.add(INPUT0[i] - INPUT1[i]);
        }
        return v;
    }

    /** Triton's classification of {@code values}: the top {@code k} as "value:index", largest first. */
    private static List<String> topK(List<Integer> values, int k) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> values.get(b).equals(values.get(a)) ? a - b : values.get(b) - values.get(a));
        return order.subList(0, k).stream().map(i -> values.get(i) + ":" + i).toList();
    }

    private static List<Integer> ints(JsonNode row) {
        List<Integer> v = new ArrayList<>();
        row.forEach(n -> v.add(n.asInt()));
        return v;
    }

    private static void assertInference(JsonNode infer, String where) {
        assertEquals(sums(), ints(infer.get("OUTPUT0").get(0)), where);
        assertEquals(differences(), ints(infer.get("OUTPUT1").get(0)), where);
    }

    @Test
    void tritonClientReadsConfigStatisticsAndClassesAndControlsTheRepository() throws Exception {
        JsonNode report = PythonScripts.report("triton_extensions_check.py", "127.0.0.1:" + server.port());
        String layout = ModelMetadataFile.read(repo.resolve("mobilenet/1/metadata.json")).preprocessing().layout();
        int expectedRuns = 0;
        for (String protocol : List.of("http", "grpc")) {
            JsonNode r = report.get(protocol);
            JsonNode config = r.get("config");
            assertEquals("simple", config.get("name").asText(), protocol);
            assertEquals("openvino", config.get("platform").asText(), protocol);
            assertEquals("openvino", config.get("backend").asText(), protocol);
            assertEquals(1, config.get("max_batch_size").asInt(), protocol);
            for (int i = 0; i < 2; i++) {
                JsonNode in = config.get("input").get(i);
                assertEquals("INPUT" + i, in.get("name").asText(), protocol);
                assertEquals("TYPE_INT32", in.get("data_type").asText(), protocol);
                assertEquals("[16]", in.get("dims").toString(), protocol);
                assertEquals("FORMAT_NONE", in.get("format").asText(), protocol);
                JsonNode out = config.get("output").get(i);
                assertEquals("OUTPUT" + i, out.get("name").asText(), protocol);
                assertEquals("TYPE_INT32", out.get("data_type").asText(), protocol);
                assertEquals("[16]", out.get("dims").toString(), protocol);
            }
            JsonNode group = config.get("instance_group").get(0);
            assertEquals("KIND_CPU", group.get("kind").asText(), protocol);
            assertEquals(server.registry().resolve("simple", Optional.empty()).concurrency(), group.get("count").asInt(),
                    protocol);
            assertTrue(config.get("version_policy").has("all"), protocol + ": " + config);
            assertFalse(config.has("dynamic_batching"), protocol + ": the server never merges requests into a batch");
            assertEquals(config, r.get("config_v1"), protocol);
            JsonNode mobilenet = r.get("mobilenet_config");
            assertEquals(1, mobilenet.get("max_batch_size").asInt(), protocol);
            assertEquals("[3,96,96]", mobilenet.get("input").get(0).get("dims").toString(), protocol);
            assertEquals("FORMAT_" + layout, mobilenet.get("input").get(0).get("format").asText(), protocol);
            assertEquals("TYPE_FP32", mobilenet.get("input").get(0).get("data_type").asText(), protocol);
            assertEquals("[1000]", mobilenet.get("output").get(0).get("dims").toString(), protocol);
            assertEquals("[1,16]", r.get("metadata").get("inputs").get(0).get("shape").toString(), protocol);

            assertInference(r.get("infer"), protocol);
            JsonNode classes = r.get("classification");
            assertEquals(1, classes.get("OUTPUT0").size(), protocol + ": one batch item");
            List<String> got = new ArrayList<>();
            classes.get("OUTPUT0").get(0).forEach(n -> got.add(n.asText()));
            assertEquals(topK(sums(), 3), got, protocol);
            assertEquals(differences(), ints(classes.get("OUTPUT1").get(0)), protocol + ": OUTPUT1 stays a tensor");

            expectedRuns += 2;
            JsonNode stats = r.get("stats").get("model_stats");
            assertEquals(1, stats.size(), protocol + ": " + stats);
            JsonNode s = stats.get(0);
            assertEquals("simple", s.get("name").asText(), protocol);
            assertEquals("1", s.get("version").asText(), protocol);
            assertEquals(expectedRuns, s.get("inference_count").asLong(), protocol + ": " + s);
            assertEquals(expectedRuns, s.get("execution_count").asLong(), protocol + ": " + s);
            JsonNode is = s.get("inference_stats");
            assertEquals(expectedRuns, is.get("success").get("count").asLong(), protocol + ": " + s);
            assertEquals(0, is.get("fail").get("count").asLong(), protocol + ": " + s);
            assertEquals(expectedRuns, is.get("queue").get("count").asLong(), protocol + ": " + s);
            assertEquals(expectedRuns, is.get("compute_infer").get("count").asLong(), protocol + ": " + s);
            assertEquals(0, is.get("compute_input").get("count").asLong(), protocol + ": tensors need no decoding");
            long infer = is.get("compute_infer").get("ns").asLong();
            assertTrue(infer > 0 && is.get("success").get("ns").asLong() >= infer, protocol + ": " + s);
            long last = s.get("last_inference").asLong();
            assertTrue(last >= started && last <= System.currentTimeMillis(), protocol + ": " + s);
            assertEquals(stats, r.get("stats_v1").get("model_stats"), protocol);
            List<String> all = new ArrayList<>();
            r.get("stats_all").get("model_stats").forEach(m -> all.add(m.get("name").asText()));
            assertEquals(List.of("mobilenet", "simple"), all, protocol);
            assertTrue(r.get("stats_unknown_error").asText().contains("unknown model 'no_such_model'"), protocol);
            assertTrue(r.get("config_unknown_error").asText().contains("unknown model 'no_such_model'"), protocol);
            assertTrue(r.get("bad_classification_error").asText().contains("classification must be a positive integer"),
                    protocol + ": " + r.get("bad_classification_error"));
        }
        for (String phase : List.of("repository_http_unload_grpc_load", "repository_grpc_unload_http_load")) {
            JsonNode r = report.get(phase);
            assertEquals(Map.of("simple", "READY", "mobilenet", "READY"), states(r.get("index_before")), phase);
            assertEquals(Map.of("simple", "UNAVAILABLE", "mobilenet", "READY"), states(r.get("index_unloaded")), phase);
            assertEquals("unloaded", entry(r.get("index_unloaded"), "simple").get("reason").asText(), phase);
            assertEquals("[false,false]", r.get("ready_unloaded").toString(), phase + ": an unloaded model is not ready");
            assertTrue(r.get("infer_unloaded_error").asText().contains("unknown model 'simple'"), phase);
            assertTrue(r.get("unload_again_error").asText().contains("is not loaded"), phase);
            assertTrue(r.get("ready_after_load").asBoolean(), phase);
            assertEquals(Map.of("simple", "READY", "mobilenet", "READY"), states(r.get("index_after_load")), phase);
            assertInference(r.get("infer_after_load"), phase);
            // Triton's model-control examples look for "failed to load" in a failed load's message.
            assertTrue(r.get("load_unknown_error").asText().contains("failed to load 'no_such_model': no such model in "
                    + "the model repository"), phase + ": " + r.get("load_unknown_error"));
            assertTrue(r.get("load_config_error").asText().contains("failed to load 'simple'")
                    && r.get("load_config_error").asText().contains("'config' is not supported"), phase);
        }
    }

    private static Map<String, String> states(JsonNode index) {
        Map<String, String> m = new java.util.TreeMap<>();
        index.forEach(e -> m.put(e.get("name").asText(), e.get("state").asText()));
        return m;
    }

    private static JsonNode entry(JsonNode index, String name) {
        for (JsonNode e : index) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError(name + " not in " + index);
    }

    @Test
    void kserveSdkRestClientInfersWithTheFieldsItSends() throws Exception {
        JsonNode r = PythonScripts.report("kserve_rest_check.py", "http://127.0.0.1:" + server.port());
        assertTrue(r.get("live").asBoolean() && r.get("ready").asBoolean() && r.get("model_ready").asBoolean(),
                r.toString());
        for (String form : List.of("json", "binary")) {
            JsonNode f = r.get(form);
            assertEquals("simple", f.get("model_name").asText(), form);
            assertEquals("kserve-" + form, f.get("id").asText(), form);
            assertEquals(sums(), ints(f.get("outputs").get("OUTPUT0").get(0)), form);
            assertEquals(differences(), ints(f.get("outputs").get("OUTPUT1").get(0)), form);
        }
        assertTrue(r.get("unknown_model_error").asText().contains("unknown model 'no_such_model'"), r.toString());
    }

    @Test
    void unknownRequestFieldsAndMismatchedNamesAreStillRejected() throws Exception {
        String inputs = "\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[1,16],\"datatype\":\"INT32\",\"data\":"
                + ints(INPUT0) + "},{\"name\":\"INPUT1\",\"shape\":[1,16],\"datatype\":\"INT32\",\"data\":"
                + ints(INPUT1) + "}]";
        HttpResponse<String> unknown = post("/v2/models/simple/infer", "{\"bogus\":1," + inputs + "}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("bogus"), unknown.body());
        HttpResponse<String> other = post("/v2/models/simple/infer", "{\"model_name\":\"mobilenet\"," + inputs + "}");
        assertEquals(400, other.statusCode(), other.body());
        assertTrue(other.body().contains("model_name 'mobilenet'"), other.body());
        HttpResponse<String> sdk = post("/v2/models/simple/versions/1/infer", "{\"model_name\":\"simple\","
                + "\"model_version\":\"1\",\"id\":\"x\",\"parameters\":{\"a\":1}," + inputs + "}");
        assertEquals(200, sdk.statusCode(), sdk.body());
        HttpResponse<String> badIndex = post("/v2/repository/index", "{\"readyy\":true}");
        assertEquals(400, badIndex.statusCode(), badIndex.body());
        assertTrue(badIndex.body().contains("readyy"), badIndex.body());
    }

    @Test
    void theReadyIndexLeavesUnloadedModelsOut() throws Exception {
        assertEquals(200, post("/v2/repository/models/mobilenet/unload", "").statusCode());
        try {
            JsonNode ready = Json.MAPPER.readTree(post("/v2/repository/index", "{\"ready\":true}").body());
            assertEquals(Map.of("simple", "READY"), states(ready));
            JsonNode all = Json.MAPPER.readTree(post("/v2/repository/index", "").body());
            assertEquals(Map.of("simple", "READY", "mobilenet", "UNAVAILABLE"), states(all));
        } finally {
            HttpResponse<String> load = post("/v2/repository/models/mobilenet/load", "{}");
            assertEquals(200, load.statusCode(), load.body());
        }
        assertTrue(server.registry().isReady("mobilenet", Optional.empty()));
    }

    private static List<Integer> ints(int[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
