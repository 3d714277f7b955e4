package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On OpenVINO the batcher dispatches only batch sizes the engine is compiled for (here 1, 4 and 8): six requests
 * that gather together run as 4 and then the rest, never as a split 6 = 4 + 2; each reply is within the FP32
 * tolerance of the reference engine's answer for its own input.
 */
final class CompiledBatchSizesTest {

    @Test
    void sixTogetherRunAsCompiledSizesOnly() throws Exception {
        Metrics metrics = new Metrics();
        // One slot and a long delay: the six gather into one batch before any of it runs.
        ModelSettings s = ModelSettings.defaults().withQueue(16, 1).withBatching(new Batching(8, List.of(4), 300_000));
        Engine engine = new Engines().load(TestModels.mobilenetXml(), s);
        ServedModel m = new ServedModel(TestModels.NAME, "1", engine, ModelCard.tensorsOnly(), s, Optional.empty(),
                metrics);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<float[]> inputs = new ArrayList<>();
            List<Future<float[]>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                float[] in = TestModels.input(200 + i);
                inputs.add(in);
                replies.add(pool.submit(() -> m.infer(Map.of(m.inputs().getFirst().name(),
                        Tensor.ofFloats(Shape.of(1, 3, 96, 96), in))).values().iterator().next().toFloatArray()));
            }
            for (int i = 0; i < 6; i++) {
                float[] got = replies.get(i).get(120, TimeUnit.SECONDS);
                TestModels.assertWithinFp32Tolerance(TestModels.expected(inputs.get(i)), got, "request " + i);
            }
        } finally {
            m.retire(10_000);
        }
        String text = metrics.render();
        assertEquals(6, sum(text), 0, text);
        // Buckets 1, 2, 3, 4, 6, 8: no batch of 2 or 3, none of 5 or 6, none of 7.
        assertEquals(bucket(text, "1.0"), bucket(text, "3.0"), text);
        assertEquals(bucket(text, "4.0"), bucket(text, "6.0"), text);
        assertEquals(bucket(text, "6.0"), bucket(text, "+Inf"), text);
    }

    private static double bucket(String text, String le) {
        Matcher x = Pattern.compile("(?m)^edge_batch_size_bucket\\{[^}]*le=\"" + Pattern.quote(le) + "\"[^}]*} (\\S+)$")
                .matcher(text);
        assertTrue(x.find(), "bucket " + le + " in\n" + text);
        return Double.parseDouble(x.group(1));
    }

    private static double sum(String text) {
        Matcher x = Pattern.compile("(?m)^edge_batch_size_sum\\{[^}]*} (\\S+)$").matcher(text);
        assertTrue(x.find(), text);
        return Double.parseDouble(x.group(1));
    }
}
