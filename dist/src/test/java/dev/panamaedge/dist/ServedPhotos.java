package dev.panamaedge.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.panamaedge.testsupport.SharedPhotos;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the deployment tests ask a running server over HTTP, as any client would. */
final class ServedPhotos {
    static final Set<String> CATS = Set.of("tabby, tabby cat", "tiger cat", "Egyptian cat");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServedPhotos() {
    }

    static int status(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static JsonNode getJson(int port, String path) throws IOException, InterruptedException {
        var res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), path + ": " + res.body());
        return JSON.readTree(res.body());
    }

    /** A photo of {@code ../shared/images} re-encoded as PNG (by the test JDK's ImageIO): the server's ImageIO path. */
    static byte[] asPng(String photo) throws IOException {
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(SharedPhotos.bytes(photo)));
        var png = new java.io.ByteArrayOutputStream();
        assertTrue(javax.imageio.ImageIO.write(image, "png", png), "no PNG writer");
        return png.toByteArray();
    }

    /** The labels of the top-5 predictions for a photo of {@code ../shared/images}, posted as it is to /classify. */
    static List<String> top5(int port, String model, String photo) throws IOException, InterruptedException {
        return top5(port, model, SharedPhotos.bytes(photo), photo.endsWith(".bmp") ? "image/bmp" : "image/jpeg", photo);
    }

    /** The top-5 labels for an encoded image of {@code type}, named {@code what} in failures. */
    static List<String> top5(int port, String model, byte[] image, String type, String what)
            throws IOException, InterruptedException {
        var res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/models/" + model
                        + "/classify?top_k=5")).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), what + ": " + res.body());
        JsonNode predictions = JSON.readTree(res.body()).get("predictions");
        assertEquals(5, predictions.size(), res.body());
        List<String> labels = new ArrayList<>();
        for (JsonNode p : predictions) {
            double probability = p.get("probability").asDouble();
            assertTrue(probability >= 0 && probability <= 1, res.body());
            labels.add(p.get("label").asText());
        }
        return labels;
    }
}
