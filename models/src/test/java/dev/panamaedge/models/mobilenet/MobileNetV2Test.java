package dev.panamaedge.models.mobilenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MobileNetV2Test {
    static final MobileNetV2Spec SMALL = new MobileNetV2Spec(0.35, 96, 1000);
    static final long SEED = 42;
    static IrModel small;

    @BeforeAll
    static void buildSmall() {
        small = MobileNetV2.build(SMALL, SEED);
    }

    private static Layer layer(IrModel m, String name) {
        return m.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no layer " + name));
    }

    static double std(float[] v) {
        double mean = 0;
        for (float x : v) {
            mean += x / v.length;
        }
        double sq = 0;
        for (float x : v) {
            sq += (x - mean) * (x - mean) / v.length;
        }
        return Math.sqrt(sq);
    }

    static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    @Test
    void graphHasTableTwosOpsInTorchvisionsNames() {
        Map<String, Long> types = small.layers().stream()
                .collect(Collectors.groupingBy(Layer::type, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("Add", 63L, "Clamp", 35L, "Const", 108L, "Convolution", 35L, "GroupConvolution", 17L,
                "MatMul", 1L, "Parameter", 1L, "ReduceMean", 1L, "Reshape", 1L, "Result", 1L), types);
        assertEquals("Convolution", layer(small, "features.0.0").type());
        assertEquals("GroupConvolution", layer(small, "features.1.conv.0.0").type(), "t = 1: no expand conv");
        assertEquals("Convolution", layer(small, "features.1.conv.1").type());
        assertEquals("GroupConvolution", layer(small, "features.2.conv.1.0").type());
        assertEquals("Add", layer(small, "features.2.conv.3").type(), "folded BatchNorm");
        assertEquals("Add", layer(small, "features.3.add").type(), "residual: stride 1, 24 -> 24 channels");
        assertTrue(small.layers().stream().noneMatch(l -> l.name().equals("features.2.add")), "stride 2: no residual");
        assertEquals("Clamp", layer(small, "features.18.2").type());
        assertEquals("true", layer(small, "classifier.1").requireAttribute("transpose_b"));
        assertEquals(List.of(1000L, 1280L), java.util.Arrays.stream(layer(small, "classifier.1.weight").output(0).dims())
                .boxed().toList());
    }

    @Test
    void inputAndOutputAreNamedForCallers() {
        Layer input = small.parameters().getFirst();
        assertEquals(List.of("input"), input.output(0).names());
        assertEquals(ElementType.F32, input.output(0).type());
        assertEquals(List.of(1L, 3L, 96L, 96L), java.util.Arrays.stream(input.output(0).dims()).boxed().toList());
        Layer result = small.results().getFirst();
        assertEquals("logits", result.name());
        Layer logits = small.layer(small.edges().stream().filter(e -> e.toLayer() == result.id()).findFirst()
                .orElseThrow().fromLayer());
        assertEquals(List.of("logits"), logits.output(0).names());
        assertEquals(List.of(1L, 1000L), java.util.Arrays.stream(logits.output(0).dims()).boxed().toList());
    }

    @Test
    void foldedConstantsHoldTorchvisionsParametersLessOneBatchNormVector() {
        // Parameters do not depend on the resolution: build 1.0 at 32 px to keep the test fast.
        MobileNetV2Spec spec = new MobileNetV2Spec(1.0, 32, 1000);
        assertEquals(3_504_872L, spec.parameterCount());
        IrModel full = MobileNetV2.build(spec, SEED);
        long f32 = 0;
        long batchNormChannels = 0;
        for (Layer l : full.layers()) {
            if (l.type().equals("Const") && l.output(0).type() == ElementType.F32) {
                f32 += l.output(0).elementCount();
                if (l.name().startsWith("features.")) {
                    batchNormChannels += l.name().endsWith(".bias") ? l.output(0).elementCount() : 0;
                }
            }
        }
        // torchvision counts γ and β per BatchNorm channel; folding leaves one bias per channel.
        assertEquals(17_056, batchNormChannels);
        assertEquals(spec.parameterCount(), f32 + batchNormChannels);
    }

    @Test
    void sameSeedGivesIdenticalWeightsAndOtherSeedsDiffer() {
        IrModel again = MobileNetV2.build(SMALL, SEED);
        assertEquals(small.layers(), again.layers());
        assertEquals(-1, small.weights().mismatch(again.weights()));
        IrModel other = MobileNetV2.build(SMALL, SEED + 1);
        assertEquals(small.layers().size(), other.layers().size());
        assertNotEquals(-1, small.weights().mismatch(other.weights()));
    }

    @Test
    void calibrationImagesGetTheTargetLogitSpreadAndNormalizedActivations() {
        Activations batch = SyntheticImages.batch(new SplittableRandom(SEED).split(), MobileNetV2.CALIBRATION_IMAGES,
                SMALL.resolution());
        double squares = 0;
        int channels = SMALL.firstChannels();
        double[][] sums = new double[channels][2];
        for (float[] image : batch.images()) {
            var out = FloatGraphInterpreter.run(small, new FloatGraphInterpreter.Tensor(new long[] {1, 3, 96, 96}, image));
            double s = std(out.get("logits").data());
            squares += s * s / batch.images().length;
            float[] bn = out.get("features.0.1").data();
            int plane = bn.length / channels;
            for (int c = 0; c < channels; c++) {
                for (int p = c * plane; p < (c + 1) * plane; p++) {
                    sums[c][0] += bn[p];
                    sums[c][1] += (double) bn[p] * bn[p];
                }
            }
        }
        assertEquals(MobileNetV2.TARGET_LOGIT_STD, Math.sqrt(squares), 0.05);
        double count = (double) batch.images().length * 48 * 48;
        for (int c = 0; c < channels; c++) {
            double mean = sums[c][0] / count;
            double std = Math.sqrt(sums[c][1] / count - mean * mean);
            assertEquals(0, mean, 0.45, "channel " + c + " mean is β ~ N(0, 0.1²)");
            assertTrue(std > 0.79 && std < 1.21, "channel " + c + " std is γ in [0.8, 1.2): " + std);
        }
    }

    @Test
    void photosGiveSpreadLogitsAndDifferentClasses() throws IOException {
        Set<Integer> top1 = new HashSet<>();
        for (String photo : TestImages.PHOTOS) {
            var out = FloatGraphInterpreter.run(small, TestImages.photo(photo, SMALL.resolution()));
            float[] logits = out.get("logits").data();
            double spread = std(logits);
            assertTrue(spread > 1 && spread < 25, photo + ": logit std " + spread);
            top1.add(argMax(logits));
            for (String name : List.of("features.0.2", "features.6.add", "features.13.add", "features.18.2")) {
                double s = std(out.get(name).data());
                assertTrue(s > 0.2 && s < 5, photo + " " + name + ": activation std " + s);
            }
        }
        assertTrue(top1.size() >= 5, "top-1 classes over 10 photos: " + top1);
    }

    @Test
    void noiseInputsStayFiniteAndBounded() {
        for (long seed = 0; seed < 2; seed++) {
            float[] logits = FloatGraphInterpreter.run(small, TestImages.noise(seed, 96)).get("logits").data();
            for (float v : logits) {
                assertTrue(Float.isFinite(v) && Math.abs(v) < 200, "logit " + v);
            }
        }
    }
}
