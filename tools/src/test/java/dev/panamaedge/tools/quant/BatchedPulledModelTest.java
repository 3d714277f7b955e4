package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.openvino.BatchShape;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code edge models pull} output batches: the imported TFLite graph ended in {@code Reshape(x, [1, 1001])},
 * which import now rewrites, so OpenVINO compiles the pulled INT8 model (and the as-imported one) at batch N,
 * static or dynamic, and each row of a batch of real photos equals that photo run alone.
 */
final class BatchedPulledModelTest {

    private static List<Tensor> photos(int n) throws Exception {
        return CoralModels.evaluation().subList(0, n);
    }

    private static Tensor stack(List<Tensor> samples) {
        Tensor first = samples.getFirst();
        long[] dims = first.shape().dims();
        dims[0] = samples.size();
        long per = first.byteSize();
        MemorySegment all = MemorySegment.ofArray(new byte[Math.toIntExact(per * samples.size())]);
        for (int i = 0; i < samples.size(); i++) {
            MemorySegment.copy(samples.get(i).data(), 0, all, i * per, per);
        }
        return Tensor.wrap(first.type(), new Shape(dims), all);
    }

    private static float[] out(Engine e, Tensor input) {
        return e.run(Map.of(e.inputs().getFirst().name(), input)).values().iterator().next().toFloatArray();
    }

    /** Rows of {@code batched} against single runs on {@code single}: max |delta| over the singles' range. */
    private static double diffOverRange(Engine single, Engine batched, List<Tensor> samples) {
        float[] all = out(batched, stack(samples));
        int per = all.length / samples.size();
        double max = 0;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < samples.size(); i++) {
            float[] one = out(single, samples.get(i));
            assertEquals(per, one.length);
            for (int j = 0; j < per; j++) {
                lo = Math.min(lo, one[j]);
                hi = Math.max(hi, one[j]);
                max = Math.max(max, Math.abs(one[j] - all[i * per + j]));
            }
        }
        return max / (hi - lo);
    }

    @Test
    void pulledModelCompiledAtBatchFourMatchesFourSingleRuns() throws Exception {
        Path xml = CoralModels.pulled().model().modelXml();
        try (Engine single = OpenVinoEngine.load(xml, CoralModels.f32Cpu());
             Engine four = OpenVinoEngine.load(xml, CoralModels.f32Cpu(), BatchShape.fixed(4))) {
            assertArrayEquals(new long[] {4, 1001}, four.outputs().getFirst().dims());
            double d = diffOverRange(single, four, photos(4));
            assertTrue(d <= 1e-3, "max |delta| / range " + d);
        }
    }

    @Test
    void dynamicBatchRunsEveryBatchSizeUpToItsBound() throws Exception {
        Path xml = CoralModels.pulled().model().modelXml();
        try (Engine single = OpenVinoEngine.load(xml, CoralModels.f32Cpu());
             Engine upTo8 = OpenVinoEngine.load(xml, CoralModels.f32Cpu(), BatchShape.upTo(8))) {
            assertEquals(-1, upTo8.inputs().getFirst().dims()[0]);
            for (int n : new int[] {1, 3, 8}) {
                double d = diffOverRange(single, upTo8, photos(n));
                assertTrue(d <= 1e-3, "batch " + n + ": max |delta| / range " + d);
            }
        }
    }

    @Test
    void asImportedModelBatchesToo() throws Exception {
        Path xml = CoralModels.pulled().asImported().modelXml();
        try (Engine single = OpenVinoEngine.load(xml, CoralModels.f32Cpu());
             Engine two = OpenVinoEngine.load(xml, CoralModels.f32Cpu(), BatchShape.fixed(2))) {
            double d = diffOverRange(single, two, photos(2));
            assertTrue(d <= 1e-3, "max |delta| / range " + d);
        }
    }

    @Test
    void referenceEngineRunsABatchBitExactAgainstSingleRuns() throws Exception {
        try (IrModel ir = IrReader.read(CoralModels.pulled().model().modelXml());
             ReferenceEngine ref = ReferenceEngine.load(ir)) {
            List<Tensor> samples = photos(3);
            float[] all = out(ref, stack(samples));
            int per = all.length / 3;
            assertEquals(1001, per);
            for (int i = 0; i < 3; i++) {
                float[] one = out(ref, samples.get(i));
                for (int j = 0; j < per; j++) {
                    assertEquals(Float.floatToRawIntBits(one[j]), Float.floatToRawIntBits(all[i * per + j]),
                            "sample " + i + " value " + j);
                }
            }
        }
    }
}
