package dev.panamaedge.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pretrained INT8 MobileNetV2s (coral TFLite models, converted by OpenVINO's {@code ovc}) classify
 * real photos sensibly on the reference engine: this exercises every op ovc emits for them (Convert,
 * Transpose, FakeQuantize, the folded weight dequantization, GroupConvolution, AvgPool/ReduceMean, Reshape,
 * SoftMax, the final Convert to u8).
 */
final class CoralModelsTest {
    private static final Preprocessor PREPROCESSOR = new Preprocessor(Preprocessing.tfliteUint8(224));

    @TempDir
    static Path workDir;
    private static final List<ReferenceEngine> ENGINES = new ArrayList<>();
    private static List<String> labels;

    @BeforeAll
    static void convert() throws Exception {
        labels = Files.readAllLines(CoralModel.labels());
        for (String name : List.of("mobilenet_v2_1.0_224_quant.tflite", "tf2_mobilenet_v2_1.0_224_ptq.tflite")) {
            try (IrModel model = IrReader.read(SharedModels.convertCoral(name, workDir))) {
                ENGINES.add(ReferenceEngine.load(model));
            }
        }
    }

    @AfterAll
    static void close() {
        ENGINES.forEach(ReferenceEngine::close);
    }

    /**
     * Labels of the (up to) five best scores of {@code photo}, ignoring zero scores (the u8 softmax rounds
     * most classes to 0, and ties among them mean nothing). Output index i is label line i; 0 is background.
     */
    private static List<String> top5(ReferenceEngine engine, String photo) throws Exception {
        Tensor input = PREPROCESSOR.read(SharedPhotos.path(photo));
        Tensor out = engine.run(Map.of(engine.inputs().get(0).name(), input)).values().iterator().next();
        float[] scores = out.toFloatArray();
        List<String> top = new ArrayList<>();
        for (int i : Classification.topIndices(scores, 5)) {
            if (scores[i] > 0) {
                top.add(labels.get(i));
            }
        }
        return top;
    }

    @Test
    void bothModelsTakeU8ImagesAndGive1001U8Scores() {
        assertEquals(1001, labels.size());
        for (ReferenceEngine e : ENGINES) {
            assertEquals(List.of(new TensorSpec("input", ElementType.U8, new long[] {1, 224, 224, 3})), e.inputs());
            assertEquals(ElementType.U8, e.outputs().get(0).type());
            assertEquals(List.of(1L, 1001L), java.util.Arrays.stream(e.outputs().get(0).dims()).boxed().toList());
        }
    }

    @Test
    void graceHopperWearsAMilitaryUniform() throws Exception {
        // With the ImageNet 0.875 centre crop the models rank "mortarboard" and "military uniform" closely.
        for (ReferenceEngine e : ENGINES) {
            List<String> top = top5(e, "grace_hopper.bmp");
            assertTrue(top.contains("military uniform"), top.toString());
        }
    }

    @Test
    void catIsClassifiedAsACat() throws Exception {
        for (ReferenceEngine e : ENGINES) {
            List<String> top = top5(e, "cat.bmp");
            assertTrue(top.stream().limit(3).anyMatch(l -> l.contains("cat")), top.toString());
        }
    }

    @Test
    void differentPhotosGetDifferentTopClasses() throws Exception {
        ReferenceEngine e = ENGINES.get(0);
        Map<String, String> best = new java.util.LinkedHashMap<>();
        for (String photo : List.of("bird.bmp", "dragonfly.bmp", "sunflower.bmp", "grace_hopper.bmp")) {
            best.put(photo, top5(e, photo).get(0));
        }
        assertEquals(4, new java.util.HashSet<>(best.values()).size(), best.toString());
        assertTrue(best.get("dragonfly.bmp").startsWith("dragonfly"), best.toString());
    }
}
