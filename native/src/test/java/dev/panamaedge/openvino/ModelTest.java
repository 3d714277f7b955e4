package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTest {
    @TempDir
    Path tmp;
    private Core core;

    @BeforeEach
    void createCore() {
        core = Core.create();
    }

    @AfterEach
    void closeCore() {
        core.close();
    }

    private static float[] inferOnce(CompiledModel compiled, Tensor input) {
        try (InferRequest request = compiled.createInferRequest()) {
            request.setInput(0, input);
            request.infer();
            try (Tensor out = request.output(0)) {
                return out.data().toArray(ValueLayout.JAVA_FLOAT);
            }
        }
    }

    @Test
    void portsReportNamesTypesAndShapes() throws Exception {
        try (Model model = core.readModel(TestModels.tinyTwoInputs().writeTo(tmp))) {
            assertEquals("tiny_two_inputs", model.name());
            assertEquals(List.of(new PortInfo(0, "a", ElementType.F32, new long[] {1, 4}),
                    new PortInfo(1, "b", ElementType.F32, new long[] {1, 4})), model.inputs());
            assertEquals(List.of(new PortInfo(0, "sum", ElementType.F32, new long[] {1, 4})), model.outputs());
            assertFalse(model.isDynamic());
        }
    }

    @Test
    void dynamicDimensionsReadAsMinusOne() throws Exception {
        try (Model model = core.readModel(TestModels.tinyDynamicBatch().writeTo(tmp))) {
            assertArrayEquals(new long[] {-1, 4}, model.inputs().get(0).dims());
            assertFalse(model.inputs().get(0).isStatic());
            assertTrue(model.isDynamic());
            model.reshape(3, 4);
            assertArrayEquals(new long[] {3, 4}, model.inputs().get(0).dims());
            assertArrayEquals(new long[] {3, 4}, model.outputs().get(0).dims());
        }
    }

    @Test
    void reshapeRejectsNegativeDimensionsAndSeveralInputs() throws Exception {
        try (Model model = core.readModel(TestModels.tinyTwoInputs().writeTo(tmp))) {
            var e = assertThrows(IllegalArgumentException.class, () -> model.reshape(2, 4));
            assertEquals("reshape needs a model with one input; this one has 2", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.reshape(-1, 4));
        }
    }

    @Test
    void impossibleReshapeIsOpenVinosError() throws Exception {
        try (Model model = core.readModel(TestModels.tinyAdd().writeTo(tmp))) {
            var e = assertThrows(OpenVinoException.class, () -> model.reshape(1, 5));
            assertEquals("ov_model_reshape_single_input", e.function());
        }
    }

    @Test
    void modelReadFromMemoryUsesItsWeights() {
        var ir = TestModels.tinyAdd();
        try (Model model = core.readModel(ir.xmlBytes(), ir.weightsSegment());
                CompiledModel compiled = core.compile(model, CompileOptions.cpu());
                Tensor input = Tensor.allocate(ElementType.F32, 1, 4)) {
            assertArrayEquals(TestModels.ADD_BIAS, inferOnce(compiled, input));
        }
    }

    @Test
    void modelWithoutWeightsReadsFromMemory() {
        try (Model model = core.readModel(TestModels.tinyRelu().xmlBytes(), MemorySegment.NULL)) {
            assertEquals("tiny_relu", model.name());
        }
    }

    @Test
    void brokenXmlIsOpenVinosError() {
        var e = assertThrows(OpenVinoException.class,
                () -> core.readModel("<net>".getBytes(java.nio.charset.StandardCharsets.UTF_8), MemorySegment.NULL));
        assertEquals("ov_core_read_model_from_memory_buffer", e.function());
        assertFalse(e.detail().isBlank());
        assertThrows(IllegalArgumentException.class, () -> core.readModel(new byte[0], MemorySegment.NULL));
    }

    @Test
    void u8NhwcPreprocessingFeedsAnF32NchwModel() throws Exception {
        try (Model model = core.readModel(TestModels.tinyImage().writeTo(tmp));
                Model preprocessed = model.withInputPreprocessing(ElementType.U8, "NHWC", "NCHW")) {
            assertEquals(new PortInfo(0, "image", ElementType.U8, new long[] {1, 2, 2, 3}), preprocessed.inputs().get(0));
            assertEquals(new PortInfo(0, "features", ElementType.F32, new long[] {1, 3, 2, 2}),
                    preprocessed.outputs().get(0));
            try (CompiledModel compiled = core.compile(preprocessed, CompileOptions.cpu());
                    Tensor image = Tensor.allocate(ElementType.U8, 1, 2, 2, 3)) {
                byte[] pixels = new byte[12];
                for (int i = 0; i < 12; i++) {
                    pixels[i] = (byte) (i * 20); // (h, w, c) = i / 6, (i / 3) % 2, i % 3
                }
                MemorySegment.copy(pixels, 0, image.data(), ValueLayout.JAVA_BYTE, 0, 12);
                float[] chw = inferOnce(compiled, image);
                float[] expected = new float[12];
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 2; w++) {
                        for (int c = 0; c < 3; c++) {
                            expected[c * 4 + h * 2 + w] = Byte.toUnsignedInt(pixels[(h * 2 + w) * 3 + c]);
                        }
                    }
                }
                assertArrayEquals(expected, chw);
                assertEquals(220f, chw[11], "u8 values above 127 stay unsigned");
            }
        }
    }

    @Test
    void preprocessingRejectsMismatchedLayouts() throws Exception {
        try (Model model = core.readModel(TestModels.tinyAdd().writeTo(tmp))) {
            var e = assertThrows(OpenVinoException.class,
                    () -> model.withInputPreprocessing(ElementType.U8, "NHWC", "NCHW"));
            assertFalse(e.detail().isBlank());
            assertThrows(IllegalArgumentException.class, () -> model.withInputPreprocessing(ElementType.U8, " ", "NC"));
        }
    }

    @Test
    void compiledModelPortsFollowTheModel() throws Exception {
        try (CompiledModel compiled = core.compile(TestModels.tinyTwoInputs().writeTo(tmp), CompileOptions.cpu())) {
            assertEquals(List.of("a", "b"), compiled.inputs().stream().map(PortInfo::name).toList());
            assertEquals("sum", compiled.outputs().get(0).name());
            assertEquals(1, compiled.optimalNumberOfInferRequests(), "CPU defaults to the LATENCY hint");
        }
    }
}
