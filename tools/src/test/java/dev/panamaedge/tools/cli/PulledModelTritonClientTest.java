package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.server.Engines;
import dev.panamaedge.server.ModelSettings;
import dev.panamaedge.server.ServerConfig;
import dev.panamaedge.server.ServerMain;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.ProjectVenv;
import dev.panamaedge.testsupport.SharedPhotos;
import dev.panamaedge.tools.quant.ModelPuller;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pulled MobileNetV2 ({@code edge models pull mobilenet_v2_imagenet --from ../shared/models/coral}) served by
 * {@code edge serve}'s server and classified the way Triton's image_client.py does it, with the stock tritonclient
 * over HTTP and gRPC (image_client_check.py): the metadata and configuration pass its checks, and the top-3 of the
 * classification extension are the top-3 an independently loaded engine computes for the very tensor the client
 * sent, with their ImageNet labels; the photo of a cat comes out as a cat.
 */
final class PulledModelTritonClientTest {
    private static final int CLASSES = 3;

    @Test
    void imageClientStepsClassifyAPhotoOverHttpAndGrpc(@TempDir Path root) throws Exception {
        var pulled = ModelPuller.pull(ModelStore.PRETRAINED_NAME, Optional.of(CoralModel.directory()),
                new ModelStore(root), false, new PrintWriter(new StringWriter()));
        Path xml = pulled.model().modelXml();
        ModelMetadata meta = ModelMetadataFile.read(ModelMetadataFile.sidecarOf(xml));
        Path photo = SharedPhotos.path("cat_720p.jpg");
        Path sent = root.resolve("sent.bin");
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "model", xml.toString(),
                "model-name", "mobilenet_v2"));
        JsonNode report;
        try (ServerMain server = ServerMain.start(config, new Engines(), List::of)) {
            assertTrue(server.registry().awaitLoaded(180_000) && server.registry().isReady(), "model did not load");
            report = run("127.0.0.1:" + server.port(), "mobilenet_v2", photo.toString(), Integer.toString(CLASSES),
                    sent.toString());
        }
        List<Integer> top;
        float[] scores;
        try (Engine engine = new Engines().load(xml, ModelSettings.defaults())) {
            TensorSpec in = engine.inputs().getFirst();
            byte[] bytes = Files.readAllBytes(sent);
            Shape shape = new Shape(longs(report.get("grpc").get("tensor_shape")));
            assertEquals(in.type().byteSize(shape.elementCount()), bytes.length, "the tensor the client sent");
            Tensor out = engine.run(Map.of(in.name(), Tensor.wrap(in.type(), shape, MemorySegment.ofArray(bytes))))
                    .get(engine.outputs().getFirst().name());
            scores = out.toFloatArray();
            float[] s = scores;
            top = IntStream.range(0, s.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -s[i]).thenComparingInt(i -> i))
                    .limit(CLASSES).toList();
        }
        for (String protocol : List.of("http", "grpc")) {
            JsonNode r = report.get(protocol);
            JsonNode facts = r.get("facts");
            facts.get("checks").properties().forEach(c -> assertTrue(c.getValue().asBoolean(),
                    protocol + ": image_client's check " + c.getKey() + " fails: " + facts));
            assertEquals(1, facts.get("max_batch_size").asInt(), protocol);
            assertEquals(meta.preprocessing().width(), facts.get("w").asInt(), protocol);
            assertEquals(meta.preprocessing().height(), facts.get("h").asInt(), protocol);
            assertEquals("FORMAT_" + meta.preprocessing().layout(), facts.get("format").asText(), protocol);
            assertEquals("[1," + CLASSES + "]", r.get("shape").toString(), protocol);
            List<Integer> indices = new ArrayList<>();
            for (int k = 0; k < CLASSES; k++) {
                JsonNode c = r.get("classes").get(k);
                int index = c.get("index").asInt();
                indices.add(index);
                assertEquals(scores[index], c.get("value").asDouble(), 1e-5, protocol + " " + c);
                assertEquals(meta.labels().get(index - meta.labelOffset()), c.get("label").asText(), protocol);
            }
            assertEquals(top, indices, protocol + ": " + r.get("classes"));
            String best = r.get("classes").get(0).get("label").asText();
            assertTrue(best.contains("cat"), protocol + ": the cat photo's top class is " + best);
        }
    }

    private static long[] longs(JsonNode array) {
        long[] v = new long[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asLong();
        }
        return v;
    }

    private static JsonNode run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProjectVenv.tool("python").toString(), script().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "image_client_check.py did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "image_client_check.py failed (its stderr is above): " + text);
        return JsonMapper.builder().build().readTree(text);
    }

    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            for (String dir : List.of("tools/src/test/python/", "src/test/python/")) {
                Path s = d.resolve(dir + "image_client_check.py");
                if (Files.isRegularFile(s)) {
                    return s;
                }
            }
        }
        throw new AssertionError("image_client_check.py not found under tools/src/test/python");
    }
}
