package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.server.kserve.KServeHttp;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** KServe v2 over HTTP against a real server on loopback, with the small MobileNetV2 on the reference engine. */
@ServerTest
final class KServeHttpTest {
    private static final ModelRegistry REGISTRY = TestModels.registry();
    private final Http1Client client;

    KServeHttpTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routes(HttpRouting.Builder routing) {
        ServerRoutes.http(routing, REGISTRY);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    @Test
    void liveAnswersOk() {
        try (Http1ClientResponse res = client.get("/v2/health/live").request()) {
            assertEquals(200, res.status().code());
        }
    }

    @Test
    void readyAnswersOkOnceTheModelIsLoaded() {
        try (Http1ClientResponse res = client.get("/v2/health/ready").request()) {
            assertEquals(200, res.status().code());
        }
        try (Http1ClientResponse res = client.get("/v2/models/mobilenet/versions/1/ready").request()) {
            assertEquals(200, res.status().code());
        }
    }

    @Test
    void serverMetadataNamesTheBinaryExtension() throws Exception {
        JsonNode body = getJson("/v2", 200);
        assertEquals("panama-edge", body.get("name").asText());
        assertTrue(body.get("extensions").toString().contains("binary_tensor_data"));
    }

    @Test
    void modelMetadataDescribesInputAndOutput() throws Exception {
        JsonNode body = getJson("/v2/models/mobilenet", 200);
        assertEquals("mobilenet", body.get("name").asText());
        assertEquals("[\"1\"]", body.get("versions").toString());
        JsonNode in = body.get("inputs").get(0);
        assertEquals("FP32", in.get("datatype").asText());
        assertEquals("[1,3,96,96]", in.get("shape").toString());
        assertEquals("[1,1000]", body.get("outputs").get(0).get("shape").toString());
    }

    @Test
    void jsonInferMatchesTheReferenceEngineRunDirectly() throws Exception {
        float[] input = TestModels.input(11);
        String inputName = REGISTRY.resolve("mobilenet", java.util.Optional.empty()).inputs().getFirst().name();
        String request = Json.MAPPER.writeValueAsString(Map.of("id", "req-7", "inputs", List.of(Map.of(
                "name", inputName, "datatype", "FP32", "shape", List.of(1, 3, 96, 96), "data", input))));
        try (Http1ClientResponse res = client.post("/v2/models/mobilenet/infer")
                .header(HeaderNames.CONTENT_TYPE, "application/json").submit(request)) {
            assertEquals(200, res.status().code());
            JsonNode body = Json.MAPPER.readTree(res.as(String.class));
            assertEquals("mobilenet", body.get("model_name").asText());
            assertEquals("1", body.get("model_version").asText());
            assertEquals("req-7", body.get("id").asText());
            JsonNode out = body.get("outputs").get(0);
            assertEquals("FP32", out.get("datatype").asText());
            float[] got = new float[out.get("data").size()];
            for (int i = 0; i < got.length; i++) {
                got[i] = (float) out.get("data").get(i).asDouble();
            }
            assertArrayEquals(TestModels.expected(input), got, 1e-5f);
        }
    }

    @Test
    void binaryInferRoundTripsRawTensorsBothWays() throws Exception {
        float[] input = TestModels.input(12);
        String inputName = REGISTRY.resolve("mobilenet", java.util.Optional.empty()).inputs().getFirst().name();
        ByteBuffer raw = ByteBuffer.allocate(input.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : input) {
            raw.putFloat(f);
        }
        byte[] header = Json.MAPPER.writeValueAsBytes(Map.of(
                "inputs", List.of(Map.of("name", inputName, "datatype", "FP32", "shape", List.of(1, 3, 96, 96),
                        "parameters", Map.of("binary_data_size", raw.capacity()))),
                "parameters", Map.of("binary_data_output", true)));
        byte[] body = new byte[header.length + raw.capacity()];
        System.arraycopy(header, 0, body, 0, header.length);
        System.arraycopy(raw.array(), 0, body, header.length, raw.capacity());
        try (Http1ClientResponse res = client.post("/v2/models/mobilenet/versions/1/infer")
                .header(KServeHttp.HEADER_LENGTH, Integer.toString(header.length))
                .header(HeaderNames.CONTENT_TYPE, "application/octet-stream").submit(body)) {
            assertEquals(200, res.status().code());
            int jsonLength = Integer.parseInt(res.headers().first(KServeHttp.HEADER_LENGTH).orElseThrow());
            byte[] all = res.entity().as(byte[].class);
            JsonNode json = Json.MAPPER.readTree(new String(all, 0, jsonLength, StandardCharsets.UTF_8));
            JsonNode out = json.get("outputs").get(0);
            assertEquals(4000, out.get("parameters").get("binary_data_size").asInt());
            assertEquals(jsonLength + 4000, all.length);
            ByteBuffer data = ByteBuffer.wrap(all, jsonLength, 4000).order(ByteOrder.LITTLE_ENDIAN);
            float[] got = new float[1000];
            for (int i = 0; i < got.length; i++) {
                got[i] = data.getFloat();
            }
            assertArrayEquals(TestModels.expected(input), got, 1e-5f);
        }
    }

    @Test
    void metricsCountAnsweredRequests() {
        try (Http1ClientResponse res = client.get("/v2/health/live").request()) {
            assertEquals(200, res.status().code());
        }
        try (Http1ClientResponse res = client.get("/metrics").request()) {
            assertEquals(200, res.status().code());
            String text = res.as(String.class);
            assertTrue(text.contains("edge_requests_total{endpoint=\"health\",protocol=\"http\"}")
                    || text.contains("edge_requests_total{protocol=\"http\",endpoint=\"health\"}"), text);
            assertTrue(text.contains("edge_model_ready{model=\"mobilenet\",version=\"1\"} 1"), text);
            assertTrue(text.contains("# TYPE edge_inference_seconds histogram"), text);
        }
    }

    private JsonNode getJson(String path, int status) throws Exception {
        try (Http1ClientResponse res = client.get(path).request()) {
            assertEquals(status, res.status().code());
            return Json.MAPPER.readTree(res.as(String.class));
        }
    }
}
