package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.server.grpc.vision.ClassifyRequest;
import dev.panamaedge.server.grpc.vision.ClassifyResponse;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.Label;
import dev.panamaedge.server.grpc.vision.StreamPrediction;
import dev.panamaedge.testsupport.SharedPhotos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pretrained Coral model (u8 softmax codes, 1001 outputs with background first) as clients read it: every
 * front end gives probabilities in [0, 1] whose top-5 sums to at most 1, never the background, and class
 * indices as ImageNet numbers them; checked against the raw codes of an independently loaded engine divided by
 * 256 by hand. The seeded model beside it is reported as untrained; the pretrained one is not.
 */
@ServerTest
final class PretrainedScoresTest {
    private static final String CORAL = "coral";
    private static final ModelRegistry REGISTRY = registry();
    private final Http1Client client;
    private final ManagedChannel channel;

    PretrainedScoresTest(Http1Client client, WebServer server) {
        this.client = client;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    private static ModelRegistry registry() {
        List<ModelSource> sources = List.of(ModelRepository.single(CORAL, "1", TestModels.coralXml()),
                ModelRepository.single(TestModels.NAME, "1", TestModels.mobilenetXml()));
        ModelRegistry r = new ModelRegistry(() -> sources, new Engines(), n -> n.equals(CORAL)
                ? ModelSettings.defaults() : TestModels.referenceSettings(), 0, Optional.of(CORAL), new Metrics());
        r.reload();
        if (!r.isReady()) {
            throw new IllegalStateException("test models did not load");
        }
        return r;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        GrpcRouting.Builder grpc = GrpcRouting.builder();
        ServerRoutes.grpc(grpc, REGISTRY);
        server.routing(r -> ServerRoutes.http(r, REGISTRY)).addRouting(grpc);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    /** One expected class: its ImageNet index, label and probability. */
    record Expected(int index, String label, double probability) {
    }

    /** The top-5 by hand: the engine's raw u8 codes, output 0 (background) left out, code / 256. */
    static List<Expected> expectedTop5(String photo) throws Exception {
        var xml = TestModels.coralXml();
        var meta = ModelMetadataFile.read(ModelMetadataFile.sidecarOf(xml));
        // Decoded as the server decodes it: at the DCT scale that covers the resize target.
        Preprocessor pre = new Preprocessor(meta.preprocessing());
        Tensor input = pre.tensor(ImageDecoder.decode(SharedPhotos.bytes(photo), photo,
                ImageDecoder.DEFAULT_MAX_PIXELS, pre.resizedShorterSide()));
        try (Engine e = new Engines().load(xml, ModelSettings.defaults())) {
            Tensor out = e.run(Map.of(e.inputs().getFirst().name(), input)).get(e.outputs().getFirst().name());
            assertEquals(dev.panamaedge.models.ir.ElementType.U8, out.type());
            float[] codes = out.toFloatArray();
            assertEquals(1001, codes.length);
            return IntStream.range(1, codes.length).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -codes[i]).thenComparing(i -> i)).limit(5)
                    .map(i -> new Expected(i - 1, meta.labels().get(i - 1), codes[i] / 256.0)).toList();
        }
    }

    /** Probabilities in [0, 1], summing to at most 1, the same classes as by hand (ties may swap). */
    private static void assertScores(List<Expected> want, List<Integer> indices, List<String> labels,
                                     List<Double> probabilities) {
        assertEquals(5, indices.size());
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            double p = probabilities.get(i);
            assertTrue(p >= 0 && p <= 1, "probability " + p);
            assertTrue(i == 0 || p <= probabilities.get(i - 1), "ranked: " + probabilities);
            assertFalse(labels.get(i).equalsIgnoreCase("background") || labels.get(i).startsWith("class_"),
                    labels.toString());
            assertTrue(indices.get(i) >= 0 && indices.get(i) < 1000, "class index " + indices.get(i));
            // One u8 code apart at most: the server's engine and this one are compiled separately.
            assertEquals(want.get(i).probability(), p, 1.0 / 256 + 1e-6, "rank " + i + " of " + labels);
            sum += p;
        }
        assertTrue(sum <= 1.0 + 1e-6, "top-5 sums to " + sum);
        assertEquals(want.getFirst().index(), indices.getFirst());
        assertEquals(want.getFirst().label(), labels.getFirst());
    }

    @Test
    void httpClassifyOfAHotDogGivesHotdogAsAProbability() throws Exception {
        List<Expected> want = expectedTop5("hot_dog.jpg");
        assertTrue(want.getFirst().label().startsWith("hotdog"), want.toString());
        assertEquals(934, want.getFirst().index(), "ImageNet's class index of hotdog");
        try (Http1ClientResponse res = client.post("/v2/models/coral/classify").queryParam("top_k", "5")
                .header(HeaderNames.CONTENT_TYPE, "image/jpeg").submit(SharedPhotos.bytes("hot_dog.jpg"))) {
            assertEquals(200, res.status().code());
            JsonNode predictions = Json.MAPPER.readTree(res.as(String.class)).get("predictions");
            List<Integer> indices = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<Double> probabilities = new ArrayList<>();
            predictions.forEach(p -> {
                indices.add(p.get("index").asInt());
                labels.add(p.get("label").asText());
                probabilities.add(p.get("probability").asDouble());
            });
            assertScores(want, indices, labels, probabilities);
            assertTrue(probabilities.getFirst() > 0.5, probabilities.toString());
        }
    }

    @Test
    void grpcClassifyGivesTheSameProbabilities() throws Exception {
        List<Expected> want = expectedTop5("cat_720p.jpg");
        ClassifyResponse r = EdgeVisionGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                .classify(ClassifyRequest.newBuilder().setModelName(CORAL)
                        .setImage(ByteString.copyFrom(SharedPhotos.bytes("cat_720p.jpg"))).setTopK(5).build());
        assertScores(want, r.getTopList().stream().map(Label::getIndex).toList(),
                r.getTopList().stream().map(Label::getLabel).toList(),
                r.getTopList().stream().map(l -> (double) l.getProbability()).toList());
    }

    @Test
    void cameraStreamRepliesCarryProbabilities() throws Exception {
        List<Expected> want = expectedTop5("hot_dog.jpg");
        List<StreamPrediction> replies = CameraStreamExchange.exchange(channel, List.of(Frame.newBuilder()
                .setModelName(CORAL).setSequence(1).setImage(ByteString.copyFrom(SharedPhotos.bytes("hot_dog.jpg")))
                .setTopK(5).build()));
        assertEquals(1, replies.size());
        StreamPrediction p = replies.getFirst();
        assertEquals("", p.getError());
        assertScores(want, p.getTopList().stream().map(Label::getIndex).toList(),
                p.getTopList().stream().map(Label::getLabel).toList(),
                p.getTopList().stream().map(l -> (double) l.getProbability()).toList());
    }

    @Test
    void modelMetadataSaysWhenWeightsAreUntrained() throws Exception {
        try (Http1ClientResponse res = client.get("/v2/models/" + TestModels.NAME).request()) {
            assertEquals(200, res.status().code());
            JsonNode parameters = Json.MAPPER.readTree(res.as(String.class)).get("parameters");
            assertEquals("untrained (seeded)", parameters.get("weights").asText());
            assertEquals("./edge models pull mobilenet_v2_imagenet", parameters.get("real_weights").asText());
        }
        try (Http1ClientResponse res = client.get("/v2/models/" + CORAL).request()) {
            assertEquals(200, res.status().code());
            assertFalse(Json.MAPPER.readTree(res.as(String.class)).has("parameters"));
        }
        assertTrue(REGISTRY.resolve(TestModels.NAME, Optional.empty()).card().untrained());
        assertFalse(REGISTRY.resolve(CORAL, Optional.empty()).card().untrained());
    }
}
