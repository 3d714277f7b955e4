package dev.panamaedge.tools.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.mobilenet.MobileNetV2;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.SharedPhotos;
import dev.panamaedge.tools.onnx.proto.Onnx;
import dev.panamaedge.tools.quant.Dequantization;
import dev.panamaedge.tools.quant.ModelImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX export checked the way {@code edge validate} checks OpenVINO: ONNX Runtime on the exported graph
 * against the reference engine on the IR, within the FP32 tolerance (the same top-1 on every input, max
 * |Δlogit| ≤ 1e-3 × the reference's logit range).
 */
final class OnnxExportTest {
    private static final double MAX_DIFF_OVER_RANGE = 1e-3;

    @Test
    void seededModelOnOnnxRuntimeMatchesTheReference() throws Exception {
        try (IrModel ir = MobileNetV2.build(ModelStore.DEFAULT_SPEC, ModelStore.DEFAULT_SEED)) {
            List<Tensor> inputs = new ArrayList<>();
            TensorSpec spec;
            try (ReferenceEngine ref = ReferenceEngine.load(ir)) {
                spec = ref.inputs().getFirst();
            }
            for (int i = 0; i < 4; i++) {
                inputs.add(randomInput(spec, 100 + i));
            }
            assertAgree(ir, inputs);
        }
    }

    @Test
    void dequantizedPretrainedModelOnOnnxRuntimeMatchesTheReferenceOnPhotos(@TempDir Path tmp) throws Exception {
        Path imported = ModelImporter.importModel(CoralModel.mobilenetV2Quant(), tmp.resolve("coral"),
                new ModelImporter.Options(java.util.Optional.of(CoralModel.labels()), java.util.Optional.empty(),
                        java.util.Optional.empty())).modelXml();
        Path fp32 = Dequantization.run(imported.getParent(), tmp.resolve("fp32")).xml();
        var pre = new Preprocessor(ModelMetadataFile.read(ModelMetadataFile.sidecarOf(fp32)).preprocessing());
        List<Tensor> photos = new ArrayList<>();
        for (Path p : SharedPhotos.all()) {
            photos.add(pre.tensor(ImageDecoder.read(p)));
        }
        try (IrModel ir = IrReader.read(fp32)) {
            assertAgree(ir, photos);
        }
    }

    @Test
    void writtenFileLoadsAsTheSameModelWithTheIrsTensorNames(@TempDir Path tmp) throws Exception {
        try (IrModel ir = MobileNetV2.build(new dev.panamaedge.models.mobilenet.MobileNetV2Spec(0.35, 96, 10), 7);
             ReferenceEngine ref = ReferenceEngine.load(ir)) {
            Path file = tmp.resolve("m.onnx");
            long bytes = OnnxExport.write(ir, file);
            assertEquals(Files.size(file), bytes);
            Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
            assertEquals(OnnxExport.OPSET, m.getOpsetImport(0).getVersion());
            try (OnnxRuntimeEngine ort = OnnxRuntimeEngine.load(file, OrtSettings.best())) {
                assertEquals(ref.inputs().getFirst().name(), ort.inputs().getFirst().name());
                assertEquals(ref.outputs().getFirst().name(), ort.outputs().getFirst().name());
                assertEquals("f32", ort.precision());
            }
        }
    }

    @Test
    void closedEngineRefusesToRunAndClosesTwice() throws Exception {
        try (IrModel ir = MobileNetV2.build(new dev.panamaedge.models.mobilenet.MobileNetV2Spec(0.35, 96, 10), 7)) {
            OnnxRuntimeEngine ort = OnnxRuntimeEngine.load(OnnxExport.export(ir).toByteArray(), "test",
                    OrtSettings.best());
            Tensor in = randomInput(ort.inputs().getFirst(), 1);
            assertEquals(10, ort.run(Map.of("x", in)).values().iterator().next().toFloatArray().length);
            ort.close();
            ort.close();
            assertThrows(IllegalStateException.class, () -> ort.run(Map.of("x", in)));
        }
    }

    @Test
    void wrongInputShapeIsRejectedWithTheExpectedShape() throws Exception {
        try (IrModel ir = MobileNetV2.build(new dev.panamaedge.models.mobilenet.MobileNetV2Spec(0.35, 96, 10), 7);
             OnnxRuntimeEngine ort = OnnxRuntimeEngine.load(OnnxExport.export(ir).toByteArray(), "test",
                     OrtSettings.best())) {
            Tensor wrong = Tensor.wrap(dev.panamaedge.models.ir.ElementType.F32,
                    dev.panamaedge.runtime.Shape.of(new long[] {1, 3, 32, 32}),
                    java.lang.foreign.MemorySegment.ofArray(new float[3 * 32 * 32]));
            var e = assertThrows(IllegalArgumentException.class, () -> ort.run(Map.of("x", wrong)));
            assertTrue(e.getMessage().contains("[1, 3, 96, 96]"), e.getMessage());
        }
    }

    /** Reference on the IR against ONNX Runtime on its export, input by input. */
    private static void assertAgree(IrModel ir, List<Tensor> inputs) {
        try (ReferenceEngine ref = ReferenceEngine.load(ir);
             OnnxRuntimeEngine ort = OnnxRuntimeEngine.load(OnnxExport.export(ir).toByteArray(), ir.name(),
                     OrtSettings.best())) {
            String input = ref.inputs().getFirst().name();
            for (int i = 0; i < inputs.size(); i++) {
                float[] r = ref.run(Map.of(input, inputs.get(i))).values().iterator().next().toFloatArray();
                float[] o = ort.run(Map.of(input, inputs.get(i))).values().iterator().next().toFloatArray();
                assertEquals(r.length, o.length);
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                double worst = 0;
                for (int k = 0; k < r.length; k++) {
                    min = Math.min(min, r[k]);
                    max = Math.max(max, r[k]);
                    worst = Math.max(worst, Math.abs(r[k] - o[k]));
                }
                double allowed = MAX_DIFF_OVER_RANGE * (max - min);
                assertTrue(worst <= allowed, "input " + i + ": max |delta| " + worst + " > " + allowed);
                assertEquals(Classification.topIndices(r, 1)[0], Classification.topIndices(o, 1)[0], "top-1 of input " + i);
            }
        }
    }

    private static Tensor randomInput(TensorSpec spec, long seed) {
        long n = 1;
        for (long d : spec.dims()) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        Random r = new Random(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.wrap(spec.type(), dev.panamaedge.runtime.Shape.of(spec.dims()),
                java.lang.foreign.MemorySegment.ofArray(v));
    }
}
