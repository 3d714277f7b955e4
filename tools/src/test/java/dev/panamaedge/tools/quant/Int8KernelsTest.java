package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.openvino.ProfilingInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** OpenVINO's own profile proves the CPU plugin runs our INT8 model's convolutions with int8 kernels. */
final class Int8KernelsTest {
    private static final Set<String> CONVOLUTIONS = Set.of("Convolution", "GroupConvolution");

    @Test
    void everyConvolutionOfOurInt8ModelRunsAnInt8Kernel() throws Exception {
        List<ProfilingInfo> convs = convolutions(CoralModels.int8());
        assertEquals(53, convs.size());
        for (ProfilingInfo p : convs) {
            assertTrue(isInt8(p.execType()), p.nodeName() + " ran " + p.execType());
        }
    }

    /** {@code edge models pull}: the pretrained model under its store name runs int8 kernels throughout. */
    @Test
    void everyConvolutionOfThePulledModelRunsAnInt8Kernel() throws Exception {
        List<ProfilingInfo> convs = convolutions(CoralModels.pulled().model().modelXml());
        assertEquals(53, convs.size());
        for (ProfilingInfo p : convs) {
            assertTrue(isInt8(p.execType()), p.nodeName() + " ran " + p.execType());
        }
    }

    /**
     * The same model as ovc imports it runs int8 kernels only where its weights happen to be int8 already: ovc's
     * u8 weights with a zero point (Subtract) keep the other 50 convolutions in float. This is why pull re-expresses it.
     */
    @Test
    void theAsImportedModelRunsMostConvolutionsInFloat() throws Exception {
        List<ProfilingInfo> convs = convolutions(CoralModels.pulled().asImported().modelXml());
        assertEquals(53, convs.size());
        long int8 = convs.stream().filter(p -> isInt8(p.execType())).count();
        assertTrue(int8 <= 3, int8 + " int8 convolutions: "
                + convs.stream().map(ProfilingInfo::execType).distinct().toList());
    }

    @Test
    void theFloatModelTheInt8OneCameFromRunsNoInt8Kernel() throws Exception {
        // The same check on the FP32 origin must fail: it proves the exec type tells the two apart.
        List<ProfilingInfo> convs = convolutions(CoralModels.fp32());
        assertEquals(53, convs.size());
        assertEquals(0, convs.stream().filter(p -> isInt8(p.execType())).count(),
                convs.stream().map(ProfilingInfo::execType).distinct().toList().toString());
    }

    private static boolean isInt8(String execType) {
        String t = execType.toUpperCase(Locale.ROOT);
        return t.endsWith("_I8") || t.endsWith("_U8");
    }

    private static List<ProfilingInfo> convolutions(Path xml) throws Exception {
        try (OpenVinoEngine engine = OpenVinoEngine.load(xml, CompileOptions.cpu().withProfiling(true))) {
            var input = engine.inputs().getFirst().name();
            List<ProfilingInfo> profile = engine.profile(Map.of(input, CoralModels.evaluation().getFirst()));
            return profile.stream().filter(p -> CONVOLUTIONS.contains(p.nodeType()))
                    .filter(p -> p.status() == ProfilingInfo.NodeStatus.EXECUTED).toList();
        }
    }
}
