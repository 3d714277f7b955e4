package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.OutputQuantization;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.Labels;
import dev.panamaedge.runtime.image.Prediction;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.SharedPhotos;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * First contact with real weights: OpenVINO reads the pretrained quantized TFLite MobileNetV2 directly and
 * classifies real photos through native/. Input u8 NHWC [1,224,224,3] (shorter side resized to 256,
 * centre crop 224); output u8 [1,1001] probabilities in 1/256 steps, index 0 = background.
 */
class MobileNetSmokeTest {
    private static final Preprocessor PREPROCESSOR = new Preprocessor(Preprocessing.tfliteUint8(224));
    private static OpenVinoEngine engine;
    private static Labels labels;

    @BeforeAll
    static void load() throws Exception {
        Path model = CoralModel.mobilenetV2Quant();
        // Line 1 of the label file is "background", output 0: not a class, so the classes start at offset 1.
        List<String> lines = Files.readAllLines(CoralModel.labels());
        labels = new Labels(lines.subList(1, lines.size()), 1);
        engine = OpenVinoEngine.load(model, CompileOptions.cpu());
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static List<Prediction> top5(Tensor image) {
        Tensor scores = engine.run(Map.of("input", image)).values().iterator().next();
        // The u8 softmax output is quantized with scale 1/256 and zero point 0 (TFLite's softmax output).
        return Classification.topK(scores, Classification.Scores.PROBABILITIES,
                Optional.of(new OutputQuantization(1.0 / 256, 0)), labels, 5).get(0);
    }

    @Test
    void modelIsTheQuantizedOne() {
        assertEquals(List.of(new TensorSpec("input", ElementType.U8, new long[] {1, 224, 224, 3})), engine.inputs());
        assertArrayEquals(new long[] {1, 1001}, engine.outputs().get(0).dims());
        assertEquals(ElementType.U8, engine.outputs().get(0).type());
        assertEquals(1000, labels.names().size());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "grace_hopper.bmp; military uniform",
        "cat.bmp; tabby, tabby cat|tiger cat|Egyptian cat",
        "hot_dog.jpg; hotdog, hot dog, red hot",
    })
    void photosGetTheirClassInTheTop5(String photo, String acceptable) throws Exception {
        Tensor image = PREPROCESSOR.read(SharedPhotos.path(photo));
        List<Prediction> top5 = top5(image);
        Set<String> wanted = Set.of(acceptable.split("\\|"));
        Prediction hit = top5.stream().filter(p -> wanted.contains(p.label())).findFirst()
                .orElseThrow(() -> new AssertionError(photo + " top-5: " + top5));
        assertTrue(hit.probability() >= 0.25f && hit.probability() <= 1f, photo + ": " + hit.label() + " scored "
                + hit.probability() + "; top-5: " + top5);
        assertTrue(top5.stream().mapToDouble(Prediction::probability).sum() <= 1.0, top5.toString());
        assertTrue(top5.stream().noneMatch(p -> p.label().equals("background")), top5.toString());
    }

    @Test
    void zeroCopyInputGivesTheSameScoresAsACopiedOne() throws Exception {
        Tensor heap = PREPROCESSOR.read(SharedPhotos.path("grace_hopper.bmp"));
        try (Arena arena = Arena.ofConfined()) {
            Tensor nativeImage = Tensor.allocate(heap.type(), heap.shape(), arena);
            nativeImage.data().copyFrom(heap.data());
            float[] copied = engine.run(Map.of("input", heap)).values().iterator().next().toFloatArray();
            float[] wrapped = engine.run(Map.of("input", nativeImage)).values().iterator().next().toFloatArray();
            assertArrayEquals(copied, wrapped);
            assertEquals(653, Classification.topIndices(copied, 1)[0], "output 653 = military uniform: "
                    + labels.label(653 - labels.offset()));
        }
    }
}
