package dev.panamaedge.models.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.ProjectVenv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads what OpenVINO's own converter writes: the real quantized Coral MobileNetV2, converted by {@code ovc}. */
class CoralIrTest {
    @TempDir
    static Path dir;
    static Path xml;

    @BeforeAll
    static void convert() throws IOException, InterruptedException {
        Path tflite = CoralModel.mobilenetV2Quant();
        Path ovc = ProjectVenv.tool("ovc");
        xml = dir.resolve("model.xml");
        Process p = new ProcessBuilder(ovc.toString(), tflite.toString(), "--output_model", xml.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ovc finished");
        assertEquals(0, p.exitValue(), log);
    }

    @Test
    void readsEveryLayerOfTheConvertedModel() throws IOException {
        try (IrModel m = IrReader.read(xml)) {
            Map<String, Long> types = m.layers().stream()
                    .collect(Collectors.groupingBy(Layer::type, TreeMap::new, Collectors.counting()));
            assertEquals(530L, types.get("Const"));
            assertEquals(67L, types.get("FakeQuantize"));
            assertEquals(55L, types.get("Convert"));
            assertEquals(36L, types.get("Convolution"));
            assertEquals(17L, types.get("GroupConvolution"));
            assertEquals(18L, types.get("Transpose"));
            assertEquals(17L, types.get("Unsqueeze"));
            assertEquals(1L, types.get("SoftMax"));
            assertEquals(928, m.layers().size());
            assertEquals(937, m.edges().size());
        }
    }

    @Test
    void inputAndOutputCarryTheirTfliteNamesAndShapes() throws IOException {
        try (IrModel m = IrReader.read(xml)) {
            Port input = m.parameters().getFirst().output(0);
            assertEquals(ElementType.U8, input.type());
            assertArrayEquals(new long[] {1, 224, 224, 3}, input.dims());
            assertEquals(List.of("input"), input.names());
            Layer result = m.results().getFirst();
            assertArrayEquals(new long[] {1, 1001}, result.input(0).dims());
            Layer softmax = m.layers().stream().filter(l -> l.type().equals("SoftMax")).findFirst().orElseThrow();
            assertEquals("opset8", softmax.version());
            assertEquals(List.of("MobilenetV2/Predictions/Softmax_1"), softmax.output(0).names());
            Layer fq = m.layers().stream().filter(l -> l.type().equals("FakeQuantize")).findFirst().orElseThrow();
            assertEquals(Map.of("levels", "256", "auto_broadcast", "numpy"), fq.attributes());
        }
    }

    @Test
    void everyConstantSliceLiesInTheMappedBin() throws IOException {
        try (IrModel m = IrReader.read(xml)) {
            // ovc shares identical constants, so several Const layers may slice the same bytes.
            java.util.Set<Long> offsets = new java.util.HashSet<>();
            long end = 0;
            for (Layer l : m.layers()) {
                if (l.type().equals("Const")) {
                    long offset = Long.parseLong(l.requireAttribute("offset"));
                    long size = m.constantData(l).byteSize();
                    assertEquals(Long.parseLong(l.requireAttribute("size")), size);
                    offsets.add(offset);
                    end = Math.max(end, offset + size);
                }
            }
            assertEquals(m.weights().byteSize(), end, "the last constant ends where the bin ends");
            assertTrue(offsets.size() < 530, "shared constants: " + offsets.size() + " distinct offsets");
            assertEquals("False", m.runtimeInfo().get("conversion_parameters/is_python_object"));
            assertTrue(m.runtimeInfo().get("Runtime_version").startsWith("2026.4.1"), m.runtimeInfo().toString());
        }
    }

    @Test
    void convertedModelSurvivesWriteAndRead(@TempDir Path out) throws IOException {
        try (IrModel m = IrReader.read(xml)) {
            IrWriter.write(m, out.resolve("copy.xml"));
            try (IrModel copy = IrReader.read(out.resolve("copy.xml"))) {
                IrRoundTripTest.assertSameModel(m, copy);
            }
        }
    }
}
