package dev.panamaedge.models.mobilenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MobileNetV2SpecTest {
    @Test
    void defaultModelHasTorchvisionsParameterCount() {
        assertEquals(3_504_872L, new MobileNetV2Spec(1.0, 224, 1000).parameterCount());
    }

    @Test
    void defaultModelHasAboutThreeHundredMillionMultiplyAdds() {
        long macs = new MobileNetV2Spec(1.0, 224, 1000).multiplyAdds();
        assertEquals(300_774_272L, macs);
        assertTrue(macs >= 295_000_000L && macs <= 320_000_000L, "paper: ~300 M, torchvision: 300.8 M");
    }

    @Test
    void smallestVariantPinsItsCounts() {
        MobileNetV2Spec spec = new MobileNetV2Spec(0.35, 96, 1000);
        assertEquals(1_677_128L, spec.parameterCount());
        assertEquals(11_934_128L, spec.multiplyAdds());
    }

    @ParameterizedTest
    @CsvSource({
            "0.5, 224, 1968680, 97131840",
            "0.75, 160, 2636424, 107295200",
            "1.3, 224, 5386792, 509374560",
            "1.4, 224, 6108776, 582195824",
    })
    void otherWidthsPinTheirCounts(double alpha, int resolution, long params, long macs) {
        MobileNetV2Spec spec = new MobileNetV2Spec(alpha, resolution, 1000);
        assertEquals(params, spec.parameterCount());
        assertEquals(macs, spec.multiplyAdds());
    }

    @Test
    void classifierScalesWithTheClassCount() {
        long thousand = new MobileNetV2Spec(1.0, 224, 1000).parameterCount();
        long ten = new MobileNetV2Spec(1.0, 224, 10).parameterCount();
        assertEquals(990L * (1280 + 1), thousand - ten);
        assertEquals(3_504_872L - 1000L * 1281 + 1001L * 1281, new MobileNetV2Spec(1.0, 224, 1001).parameterCount());
    }

    @Test
    void channelPlanFollowsMakeDivisible() {
        assertEquals(List.of(16, 24, 32, 64, 96, 160, 320), new MobileNetV2Spec(1.0, 224, 1000).stageChannels());
        assertEquals(List.of(8, 8, 16, 24, 32, 56, 112), new MobileNetV2Spec(0.35, 224, 1000).stageChannels());
        assertEquals(List.of(24, 32, 40, 80, 128, 208, 416), new MobileNetV2Spec(1.3, 224, 1000).stageChannels());
        assertEquals(16, new MobileNetV2Spec(0.35, 96, 1).firstChannels());
        assertEquals(48, new MobileNetV2Spec(1.4, 96, 1).firstChannels());
        assertEquals(1280, new MobileNetV2Spec(0.5, 96, 1).lastChannels());
        assertEquals(1664, new MobileNetV2Spec(1.3, 96, 1).lastChannels());
        assertEquals(1792, new MobileNetV2Spec(1.4, 96, 1).lastChannels());
    }

    @Test
    void blocksFollowTableTwo() {
        List<Bottleneck> blocks = new MobileNetV2Spec(1.0, 224, 1000).blocks();
        assertEquals(17, blocks.size());
        Bottleneck first = blocks.getFirst();
        assertEquals(new Bottleneck(1, 1, 32, 32, 16, 1, 112), first);
        assertEquals(false, first.hasExpansion());
        assertEquals(new Bottleneck(2, 6, 16, 96, 24, 2, 112), blocks.get(1));
        assertEquals(new Bottleneck(17, 6, 160, 960, 320, 1, 7), blocks.getLast());
        assertEquals(10, blocks.stream().filter(Bottleneck::hasResidual).count());
        assertEquals(List.of(112, 56, 28, 14, 7), blocks.stream().filter(b -> b.stride() == 2 || b.index() == 1)
                .map(Bottleneck::outputSize).toList());
        assertEquals(7, new MobileNetV2Spec(1.0, 224, 1000).finalSize());
    }

    @Test
    void unknownWidthMultiplierIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MobileNetV2Spec(0.6, 224, 1000));
        assertEquals("width multiplier 0.6 is not one of [0.35, 0.5, 0.75, 1.0, 1.3, 1.4]", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0", "100", "225", "16", "4096"})
    void resolutionMustBeAMultipleOf32(int resolution) {
        var e = assertThrows(IllegalArgumentException.class, () -> new MobileNetV2Spec(1.0, resolution, 1000));
        assertEquals("resolution " + resolution + " must be a multiple of 32 between 32 and 2048", e.getMessage());
    }

    @Test
    void smallestResolutionIsAccepted() {
        assertEquals(1, new MobileNetV2Spec(1.0, 32, 1000).finalSize());
    }

    @ParameterizedTest
    @CsvSource({"0", "-5", "100001"})
    void classCountMustBePositive(int classes) {
        var e = assertThrows(IllegalArgumentException.class, () -> new MobileNetV2Spec(1.0, 224, classes));
        assertEquals("classes " + classes + " must be between 1 and 100000", e.getMessage());
    }
}
