package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.server.kserve.KServeHttp;
import dev.panamaedge.testsupport.SharedPhotos;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Bad input over HTTP: each answer is a 4xx with a KServe error body, and the server keeps serving. */
@ServerTest
final class HttpErrorsTest {
    private static final ModelRegistry REGISTRY = TestModels.registry();
    private final Http1Client client;

    HttpErrorsTest(Http1Client client) {
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

    private String inputName() {
        return REGISTRY.resolve("mobilenet", java.util.Optional.empty()).inputs().getFirst().name();
    }

    @Test
    void unknownModelIs404() throws Exception {
        JsonNode e = post("/v2/models/resnet/infer", "{\"inputs\":[]}", 404);
        assertTrue(e.get("error").asText().contains("unknown model 'resnet'; this server serves [mobilenet]"),
                e.toString());
    }

    @Test
    void unknownVersionIs404() throws Exception {
        JsonNode e = get("/v2/models/mobilenet/versions/9", 404);
        assertTrue(e.get("error").asText().contains("has no version 9"), e.toString());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        JsonNode e = post("/v2/models/mobilenet/infer", "{\"inputs\": [", 400);
        assertTrue(e.get("error").asText().startsWith("malformed JSON") || e.get("error").asText()
                .startsWith("invalid inference request"), e.toString());
    }

    @Test
    void misspeltFieldIs400NamingIt() throws Exception {
        JsonNode e = post("/v2/models/mobilenet/infer", "{\"inptus\": []}", 400);
        assertTrue(e.get("error").asText().contains("inptus"), e.toString());
    }

    @Test
    void wronglyTypedFieldIs400NamingItsPath() throws Exception {
        JsonNode e = post("/v2/models/mobilenet/infer",
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":\"big\",\"data\":[1]}]}", 400);
        assertTrue(e.get("error").asText().contains("$.inputs[0].shape"), e.toString());
    }

    @Test
    void wrongShapeIs400WithExpectedAndActual() throws Exception {
        JsonNode e = post("/v2/models/mobilenet/infer", "{\"inputs\":[{\"name\":\"" + inputName()
                + "\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]}", 400);
        assertTrue(e.get("error").asText().contains("must have shape [1, 3, 96, 96], got [1, 2]"), e.toString());
    }

    @Test
    void dataCountNotMatchingShapeIs400() throws Exception {
        JsonNode e = post("/v2/models/mobilenet/infer", "{\"inputs\":[{\"name\":\"" + inputName()
                + "\",\"datatype\":\"FP32\",\"shape\":[1,3,96,96],\"data\":[1,2,3]}]}", 400);
        assertTrue(e.get("error").asText().contains("needs 110592 bytes of data, got 12"), e.toString());
    }

    @Test
    void unknownDatatypeIs400() throws Exception {
        JsonNode e = post("/v2/models/mobilenet/infer", "{\"inputs\":[{\"name\":\"" + inputName()
                + "\",\"datatype\":\"FLOAT\",\"shape\":[1],\"data\":[1]}]}", 400);
        assertTrue(e.get("error").asText().contains("unknown datatype 'FLOAT'"), e.toString());
    }

    @Test
    void unknownInputNameIs400() throws Exception {
        JsonNode e = post("/v2/models/mobilenet/infer",
                "{\"inputs\":[{\"name\":\"pixels\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}", 400);
        assertTrue(e.get("error").asText().contains("has no input 'pixels'"), e.toString());
    }

    @Test
    void binaryDataSizeBeyondTheBodyIs400() throws Exception {
        String json = "{\"inputs\":[{\"name\":\"" + inputName() + "\",\"datatype\":\"FP32\",\"shape\":[1,3,96,96],"
                + "\"parameters\":{\"binary_data_size\":110592}}]}";
        byte[] body = (json + "0123456789").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Http1ClientResponse res = client.post("/v2/models/mobilenet/infer")
                .header(KServeHttp.HEADER_LENGTH, Integer.toString(json.length())).submit(body)) {
            assertEquals(400, res.status().code());
            assertTrue(res.as(String.class).contains("only 10 binary bytes remain"));
        }
    }

    @Test
    void undecodableImageIs400() throws Exception {
        try (Http1ClientResponse res = client.post("/v2/models/mobilenet/classify")
                .header(HeaderNames.CONTENT_TYPE, "image/jpeg").submit("definitely not a jpeg")) {
            assertEquals(400, res.status().code());
            String body = res.as(String.class);
            assertTrue(body.contains("not a readable image"), body);
        }
    }

    @Test
    void emptyImageIs400() throws Exception {
        try (Http1ClientResponse res = client.post("/v2/models/mobilenet/classify").submit(new byte[0])) {
            assertEquals(400, res.status().code());
        }
    }

    @Test
    void unknownRouteIs404() throws Exception {
        JsonNode e = get("/v3/models", 404);
        assertTrue(e.get("error").asText().contains("no route for GET /v3/models"), e.toString());
    }

    @Test
    void serverStillAnswersAfterBadRequests() throws Exception {
        malformedJsonIs400();
        undecodableImageIs400();
        try (Http1ClientResponse res = client.post("/v2/models/mobilenet/classify")
                .submit(SharedPhotos.bytes("owl.jpg"))) {
            assertEquals(200, res.status().code());
        }
    }

    private JsonNode post(String path, String body, int status) throws Exception {
        try (Http1ClientResponse res = client.post(path).header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            String text = res.as(String.class);
            assertEquals(status, res.status().code(), text);
            return Json.MAPPER.readTree(text);
        }
    }

    private JsonNode get(String path, int status) throws Exception {
        try (Http1ClientResponse res = client.get(path).request()) {
            String text = res.as(String.class);
            assertEquals(status, res.status().code(), text);
            return Json.MAPPER.readTree(text);
        }
    }
}
