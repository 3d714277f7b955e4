package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.Prediction;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.InferTensorContents;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import dev.panamaedge.server.grpc.vision.ClassifyRequest;
import dev.panamaedge.server.grpc.vision.ClassifyResponse;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import dev.panamaedge.testsupport.SharedPhotos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Image classification over HTTP (raw and multipart), gRPC Classify and KServe BYTES inputs, each checked
 * against the same photo decoded, preprocessed and run on an independently loaded reference engine.
 */
@ServerTest
final class ClassifyTest {
    private static final ModelRegistry REGISTRY = TestModels.registry();
    private final Http1Client client;
    private final int port;

    ClassifyTest(Http1Client client, io.helidon.webserver.WebServer server) {
        this.client = client;
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        GrpcRouting.Builder grpc = GrpcRouting.builder();
        ServerRoutes.grpc(grpc, REGISTRY);
        server.routing(r -> ServerRoutes.http(r, REGISTRY)).addRouting(grpc);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    /** Top-5 computed outside the server: decode, preprocess per the sidecar, run, softmax. */
    static List<Prediction> expectedTop5(byte[] image) throws Exception {
        var xml = TestModels.mobilenetXml();
        var meta = ModelMetadataFile.read(ModelMetadataFile.sidecarOf(xml));
        // The server decodes a JPEG at the DCT scale that covers the resize target; so does the expectation.
        var pre = new Preprocessor(meta.preprocessing());
        Tensor input = pre.tensor(ImageDecoder.decode(image, "test", ImageDecoder.DEFAULT_MAX_PIXELS,
                pre.resizedShorterSide()));
        try (Engine e = new Engines().load(xml, TestModels.referenceSettings())) {
            Tensor out = e.run(Map.of(e.inputs().getFirst().name(), input)).get(e.outputs().getFirst().name());
            return Classification.topK(out, Classification.Scores.LOGITS, new Engines().card(xml).labels(), 5)
                    .getFirst();
        }
    }

    @Test
    void rawJpegBodyGivesTheTop5OfTheReferenceEngine() throws Exception {
        byte[] jpeg = SharedPhotos.bytes("parrot.jpg");
        List<Prediction> want = expectedTop5(jpeg);
        try (Http1ClientResponse res = client.post("/v2/models/mobilenet/classify")
                .header(HeaderNames.CONTENT_TYPE, "image/jpeg").submit(jpeg)) {
            assertEquals(200, res.status().code());
            JsonNode body = Json.MAPPER.readTree(res.as(String.class));
            assertPredictions(want, body.get("predictions"));
            assertTrue(body.get("timings").get("inference_ms").asDouble() > 0);
        }
    }

    @Test
    void multipartPngUploadGivesTheSameAsItsPixels() throws Exception {
        var image = ImageIO.read(SharedPhotos.path("bird.bmp").toFile());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        List<Prediction> want = expectedTop5(png.toByteArray());
        String boundary = "----edge-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"bird.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(png.toByteArray());
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        try (Http1ClientResponse res = client.post("/v2/models/mobilenet/classify").queryParam("top_k", "5")
                .header(HeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=" + boundary)
                .submit(body.toByteArray())) {
            assertEquals(200, res.status().code());
            assertPredictions(want, Json.MAPPER.readTree(res.as(String.class)).get("predictions"));
        }
    }

    @Test
    void grpcClassifyMatchesHttp() throws Exception {
        byte[] jpeg = SharedPhotos.bytes("hot_dog.jpg");
        List<Prediction> want = expectedTop5(jpeg);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            ClassifyResponse r = EdgeVisionGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .classify(ClassifyRequest.newBuilder().setImage(ByteString.copyFrom(jpeg)).setTopK(5).build());
            assertEquals("mobilenet", r.getModelName());
            assertEquals(5, r.getTopCount());
            for (int i = 0; i < 5; i++) {
                assertEquals(want.get(i).index(), r.getTop(i).getIndex());
                assertEquals(want.get(i).label(), r.getTop(i).getLabel());
                assertEquals(want.get(i).probability(), r.getTop(i).getProbability(), 1e-6f);
            }
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void kserveBytesInputTakesAnEncodedImageLikeOvms() throws Exception {
        byte[] jpeg = SharedPhotos.bytes("owl.jpg");
        List<Prediction> want = expectedTop5(jpeg);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            String inputName = REGISTRY.resolve("mobilenet", java.util.Optional.empty()).inputs().getFirst().name();
            ModelInferResponse r = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(ModelInferRequest.newBuilder()
                            .setModelName("mobilenet").addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                                    .setName(inputName).setDatatype("BYTES").addShape(1)
                                    .setContents(InferTensorContents.newBuilder().addBytesContents(
                                            ByteString.copyFrom(jpeg)))).build());
            float[] logits = KServeGrpcTest.floats(r.getRawOutputContents(0));
            List<Prediction> got = Classification.topK(logits, Classification.Scores.LOGITS,
                    new Engines().card(TestModels.mobilenetXml()).labels(), 5);
            assertEquals(want, got);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static void assertPredictions(List<Prediction> want, JsonNode got) {
        assertEquals(5, got.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(want.get(i).index(), got.get(i).get("index").asInt());
            assertEquals(want.get(i).label(), got.get(i).get("label").asText());
            assertEquals(want.get(i).probability(), got.get(i).get("probability").asDouble(), 1e-6);
        }
    }
}
