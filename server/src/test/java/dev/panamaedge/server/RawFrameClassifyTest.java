package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.runtime.image.RawFormat;
import dev.panamaedge.runtime.image.RawFrame;
import dev.panamaedge.runtime.image.RawFrames;
import dev.panamaedge.runtime.image.RgbImage;
import dev.panamaedge.server.grpc.vision.ClassifyRequest;
import dev.panamaedge.server.grpc.vision.ClassifyResponse;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.Label;
import dev.panamaedge.server.grpc.vision.StreamPrediction;
import dev.panamaedge.testsupport.SharedPhotos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Raw camera frames over HTTP classify, gRPC Classify and ClassifyStream. A real photo is decoded once here; its
 * pixels sent raw must give exactly the reply its JPEG gives (same pixels, same tensor, same result), and every
 * malformed frame is a 400 / INVALID_ARGUMENT naming what is wrong.
 */
@ServerTest
final class RawFrameClassifyTest {
    private static final ModelRegistry REGISTRY = TestModels.registry();
    /** A small pixel limit so that an oversized frame is a small request. */
    private static final Limits LIMITS = new Limits(16L << 20, 1_000_000L);
    private static final String PHOTO = "owl.jpg";

    private final Http1Client client;
    private final ManagedChannel channel;

    RawFrameClassifyTest(Http1Client client, WebServer server) {
        this.client = client;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        GrpcRouting.Builder grpc = GrpcRouting.builder();
        ServerRoutes.grpc(grpc, REGISTRY, LIMITS);
        server.routing(r -> ServerRoutes.http(r, REGISTRY, LIMITS)).addRouting(grpc);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    /**
     * The photo's pixels as the server decodes its JPEG for the served model: at the DCT scale that covers the
     * model's resize target, so the raw frame and the JPEG reach the preprocessor as the same pixels.
     */
    private static RgbImage photo() throws Exception {
        var meta = ModelMetadataFile.read(ModelMetadataFile.sidecarOf(TestModels.mobilenetXml()));
        return ImageDecoder.decode(SharedPhotos.bytes(PHOTO), PHOTO, ImageDecoder.DEFAULT_MAX_PIXELS,
                new Preprocessor(meta.preprocessing()).resizedShorterSide());
    }

    /** The photo's pixels in {@code format} with each row padded to {@code stride} bytes (padding 0x5A). */
    private static byte[] rows(RgbImage img, RawFormat format, int stride) {
        byte[] rgb = img.toInterleavedRgb();
        byte[] out = new byte[stride * img.height()];
        java.util.Arrays.fill(out, (byte) 0x5A);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int s = 3 * (y * img.width() + x);
                int o = y * stride + format.bytesPerPixel() * x;
                switch (format) {
                    case RGB -> System.arraycopy(rgb, s, out, o, 3);
                    case BGR -> {
                        out[o] = rgb[s + 2];
                        out[o + 1] = rgb[s + 1];
                        out[o + 2] = rgb[s];
                    }
                    case GRAY -> out[o] = rgb[s + 1];
                    case NV12 -> throw new IllegalArgumentException("not a packed format");
                }
            }
        }
        return out;
    }

    private JsonNode postJson(Http1ClientRequest request, byte[] body) throws Exception {
        try (Http1ClientResponse res = request.submit(body)) {
            String text = res.as(String.class);
            assertEquals(200, res.status().code(), text);
            return Json.MAPPER.readTree(text);
        }
    }

    private JsonNode httpJpeg() throws Exception {
        return postJson(client.post("/v2/models/mobilenet/classify").header(HeaderNames.CONTENT_TYPE, "image/jpeg"),
                SharedPhotos.bytes(PHOTO)).get("predictions");
    }

    /** A raw-frame post with the query {@code a=1&b=2} (the client encodes a path's own '?'). */
    private Http1ClientRequest rawPost(String query) {
        return withQuery(client.post("/v2/models/mobilenet/classify"), query)
                .header(HeaderNames.CONTENT_TYPE, "application/x-raw-frame");
    }

    private static Http1ClientRequest withQuery(Http1ClientRequest request, String query) {
        for (String kv : query.split("&")) {
            String[] p = kv.split("=", 2);
            request.queryParam(p[0], p[1]);
        }
        return request;
    }

    @Test
    void httpRawRgbWithPaddedRowsGivesExactlyTheReplyOfTheJpeg() throws Exception {
        RgbImage img = photo();
        int stride = 3 * img.width() + 13;
        JsonNode raw = postJson(rawPost("width=" + img.width() + "&height=" + img.height() + "&format=rgb&stride="
                + stride), rows(img, RawFormat.RGB, stride));
        assertEquals(httpJpeg(), raw.get("predictions"));
        // RGB is read in place by the preprocessing: no conversion pass, so no decode time.
        assertEquals(0.0, raw.get("timings").get("decode_ms").asDouble(), raw.toString());
    }

    @Test
    void httpRawBgrAndGrayAreConvertedAsRawFramesConvertsThem() throws Exception {
        RgbImage img = photo();
        JsonNode bgr = postJson(rawPost("width=" + img.width() + "&height=" + img.height() + "&format=BGR"),
                rows(img, RawFormat.BGR, 3 * img.width()));
        assertEquals(httpJpeg(), bgr.get("predictions"));
        // Gray: the server's reply equals the reply to the RGB frame this test converts itself.
        byte[] gray = rows(img, RawFormat.GRAY, img.width());
        byte[] asRgb = RawFrames.toRgb(RawFrame.packed(img.width(), img.height(), RawFormat.GRAY, gray), Long.MAX_VALUE)
                .toInterleavedRgb();
        String size = "width=" + img.width() + "&height=" + img.height();
        assertEquals(postJson(rawPost(size + "&format=rgb"), asRgb).get("predictions"),
                postJson(rawPost(size + "&format=gray"), gray).get("predictions"));
    }

    @Test
    void grpcClassifyOfARawFrameGivesTheReplyOfItsJpeg() throws Exception {
        RgbImage img = photo();
        var stub = EdgeVisionGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        ClassifyResponse jpeg = stub.classify(ClassifyRequest.newBuilder()
                .setImage(ByteString.copyFrom(SharedPhotos.bytes(PHOTO))).build());
        int stride = 3 * img.width() + 4;
        ClassifyResponse raw = stub.classify(ClassifyRequest.newBuilder().setRaw(rawMessage(img.width(), img.height(),
                stride, dev.panamaedge.server.grpc.vision.RawFormat.BGR, rows(img, RawFormat.BGR, stride))).build());
        assertEquals(5, raw.getTopCount());
        assertEquals(jpeg.getTopList(), raw.getTopList());
        assertEquals(jpegOverHttpAsLabels(), raw.getTopList());
        assertTrue(raw.getPreprocessMicros() >= raw.getDecodeMicros());
    }

    @Test
    void grpcClassifyConvertsNv12AsRawFramesDoes() throws Exception {
        int w = 64;
        int h = 48;
        byte[] nv12 = new byte[w * h * 3 / 2];
        for (int i = 0; i < nv12.length; i++) {
            nv12[i] = (byte) (i * 37 + i / w);
        }
        byte[] asRgb = RawFrames.toRgb(RawFrame.packed(w, h, RawFormat.NV12, nv12), Long.MAX_VALUE).toInterleavedRgb();
        var stub = EdgeVisionGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        var nv12Format = dev.panamaedge.server.grpc.vision.RawFormat.NV12;
        var rgbFormat = dev.panamaedge.server.grpc.vision.RawFormat.RGB;
        assertEquals(stub.classify(ClassifyRequest.newBuilder().setRaw(rawMessage(w, h, 0, rgbFormat, asRgb)).build())
                        .getTopList(),
                stub.classify(ClassifyRequest.newBuilder().setRaw(rawMessage(w, h, 0, nv12Format, nv12)).build())
                        .getTopList());
    }

    @Test
    void aCameraStreamOfRawFramesGetsTheJpegsReplyForEachFrame() throws Exception {
        RgbImage img = photo();
        List<Label> want = jpegOverHttpAsLabels();
        var raw = rawMessage(img.width(), img.height(), 0, dev.panamaedge.server.grpc.vision.RawFormat.RGB,
                rows(img, RawFormat.RGB, 3 * img.width()));
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(Frame.newBuilder().setSequence(i).setRaw(raw).build());
        }
        frames.add(Frame.newBuilder().setSequence(3).setRaw(raw.toBuilder().setStride(1)).build());
        List<StreamPrediction> replies = stream(frames);
        StreamPrediction last = replies.getLast();
        assertEquals(3, last.getSequence(), "the newest frame is always answered");
        assertTrue(last.getError().startsWith("INVALID_ARGUMENT: raw RGB frame " + img.width() + "x" + img.height()
                + ": stride 1 bytes is less than"),
                last.getError());
        for (StreamPrediction p : replies.subList(0, replies.size() - 1)) {
            assertEquals("", p.getError());
            assertEquals(want, p.getTopList());
        }
        assertEquals(4, replies.size() + last.getDroppedTotal());
    }

    @Test
    void badHttpRawFramesAre400NamingTheProblem() throws Exception {
        assertHttp400("width=4&height=2&format=rgb", new byte[23],
                "raw RGB frame 4x2 with stride 12 needs 24 bytes (stride x 2 rows), got 23");
        assertHttp400("width=4&height=2&format=bgr&stride=11", new byte[64],
                "raw BGR frame 4x2: stride 11 bytes is less than width x 3 = 12 bytes");
        assertHttp400("width=5&height=2&format=nv12", new byte[64],
                "raw NV12 frame needs even width and height (4:2:0 chroma), got 5x2");
        assertHttp400("width=4&height=2&format=yuyv", new byte[64],
                "unknown raw frame format 'yuyv'; formats: [rgb, bgr, gray, nv12]");
        assertHttp400("height=2&format=rgb", new byte[64], "a raw frame needs the query parameter width");
        assertHttp400("width=4&height=2", new byte[64], "a raw frame needs the query parameter format (rgb, bgr, gray"
                + " or nv12)");
        assertHttp400("width=-4&height=2&format=rgb", new byte[64], "raw frame width must be a positive integer, got"
                + " '-4'");
        assertHttp400("width=1001&height=1000&format=gray", new byte[1001 * 1000],
                "raw frame is 1001x1000 = 1001000 pixels, more than the limit of 1000000");
        try (Http1ClientResponse res = withQuery(client.post("/v2/models/mobilenet/classify"),
                "width=4&height=2&format=rgb").header(HeaderNames.CONTENT_TYPE, "image/jpeg").submit(new byte[24])) {
            assertEquals(400, res.status().code());
            assertEquals("query parameters [width, height, format] describe a raw frame, but the Content-Type is"
                    + " 'image/jpeg'; send raw frames as application/x-raw-frame", error(res));
        }
    }

    @Test
    void badGrpcRawFramesAreInvalidArgumentNamingTheProblem() {
        var rgb = dev.panamaedge.server.grpc.vision.RawFormat.RGB;
        assertGrpcInvalid(rawMessage(4, 2, 0, rgb, new byte[23]),
                "raw RGB frame 4x2 with stride 12 needs 24 bytes (stride x 2 rows), got 23");
        assertGrpcInvalid(rawMessage(4, 2, 0, dev.panamaedge.server.grpc.vision.RawFormat.RAW_FORMAT_UNSPECIFIED,
                new byte[24]), "raw frame format is not set; formats: RGB, BGR, GRAY, NV12");
        assertGrpcInvalid(rawMessage(4, 2, 0, rgb, new byte[24]).toBuilder().setFormatValue(9).build(),
                "unknown raw frame format 9; formats: RGB (1), BGR (2), GRAY (3), NV12 (4)");
        assertGrpcInvalid(rawMessage(0, 2, 0, rgb, new byte[24]), "raw frame width must be positive, got 0");
        assertGrpcInvalid(rawMessage(-1, 2, 0, rgb, new byte[24]), "raw frame width must be positive, got 4294967295");
        assertGrpcInvalid(rawMessage(4, 3, 0, dev.panamaedge.server.grpc.vision.RawFormat.NV12, new byte[24]),
                "raw NV12 frame needs even width and height (4:2:0 chroma), got 4x3");
        assertGrpcInvalid(rawMessage(2000, 501, 0, dev.panamaedge.server.grpc.vision.RawFormat.GRAY,
                new byte[2000 * 501]), "raw frame is 2000x501 = 1002000 pixels, more than the limit of 1000000");
    }

    @Test
    void metricsSplitEachClassifyIntoDecodePreprocessQueueWaitAndInference() throws Exception {
        List<String> stages = List.of("edge_decode_seconds", "edge_preprocess_seconds", "edge_queue_wait_seconds",
                "edge_inference_seconds");
        long[] before = counts(stages);
        httpJpeg();
        RgbImage img = photo();
        EdgeVisionGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).classify(ClassifyRequest
                .newBuilder().setRaw(rawMessage(img.width(), img.height(), 0,
                        dev.panamaedge.server.grpc.vision.RawFormat.RGB, rows(img, RawFormat.RGB, 3 * img.width())))
                .build());
        stream(List.of(Frame.newBuilder().setImage(ByteString.copyFrom(SharedPhotos.bytes(PHOTO))).build()));
        // A KServe BYTES input (an encoded image, OVMS's form) goes through the same two stages.
        String input = REGISTRY.resolve("mobilenet", java.util.Optional.empty()).inputs().getFirst().name();
        postJson(client.post("/v2/models/mobilenet/infer").header(HeaderNames.CONTENT_TYPE, "application/json"),
                ("{\"inputs\":[{\"name\":\"" + input + "\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[{\"b64\":\""
                        + java.util.Base64.getEncoder().encodeToString(SharedPhotos.bytes(PHOTO)) + "\"}]}]}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long[] after = counts(stages);
        for (int i = 0; i < stages.size(); i++) {
            assertEquals(before[i] + 4, after[i], stages.get(i));
        }
        try (Http1ClientResponse res = client.get("/metrics").request()) {
            String text = res.as(String.class);
            assertTrue(text.contains("# TYPE edge_decode_seconds histogram\n"), text);
            assertTrue(text.contains("edge_preprocess_seconds_bucket{model=\"mobilenet\",version=\"1\",le=\"0.001\"}"), text);
        }
    }

    private long[] counts(List<String> names) {
        try (Http1ClientResponse res = client.get("/metrics").request()) {
            String text = res.as(String.class);
            long[] out = new long[names.size()];
            for (int i = 0; i < out.length; i++) {
                String prefix = names.get(i) + "_count{model=\"mobilenet\",version=\"1\"} ";
                int at = text.indexOf(prefix);
                out[i] = at < 0 ? 0 : Long.parseLong(text.substring(at + prefix.length(), text.indexOf('\n', at)));
            }
            return out;
        }
    }

    private List<Label> jpegOverHttpAsLabels() throws Exception {
        List<Label> out = new ArrayList<>();
        for (JsonNode p : httpJpeg()) {
            out.add(Label.newBuilder().setIndex(p.get("index").asInt()).setLabel(p.get("label").asText())
                    .setProbability((float) p.get("probability").asDouble()).build());
        }
        return out;
    }

    private static dev.panamaedge.server.grpc.vision.RawFrame rawMessage(int w, int h, int stride,
            dev.panamaedge.server.grpc.vision.RawFormat format, byte[] data) {
        return dev.panamaedge.server.grpc.vision.RawFrame.newBuilder().setWidth(w).setHeight(h).setStride(stride)
                .setFormat(format).setData(ByteString.copyFrom(data)).build();
    }

    private void assertHttp400(String query, byte[] body, String message) throws Exception {
        try (Http1ClientResponse res = rawPost(query).submit(body)) {
            assertEquals(400, res.status().code(), query);
            assertEquals(message, error(res), query);
        }
    }

    private static String error(Http1ClientResponse res) throws Exception {
        return Json.MAPPER.readTree(res.as(String.class)).get("error").asText();
    }

    private void assertGrpcInvalid(dev.panamaedge.server.grpc.vision.RawFrame raw, String message) {
        var stub = EdgeVisionGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        Executable call = () -> stub.classify(ClassifyRequest.newBuilder().setRaw(raw).build());
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class, call);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), message);
        assertEquals(message, e.getStatus().getDescription());
    }

    /** Sends {@code frames} and collects every reply until the server completes the stream. */
    private List<StreamPrediction> stream(List<Frame> frames) throws Exception {
        return CameraStreamExchange.exchange(channel, frames);
    }
}
