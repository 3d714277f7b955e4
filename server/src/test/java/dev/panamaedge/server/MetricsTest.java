package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The latency histograms: millisecond buckets where an inference lands, and the queue-wait series that splits
 * a request's time into waiting for a slot and running on the engine.
 */
final class MetricsTest {

    @Test
    void latencyBucketsAreOneMillisecondApartBetweenFiveAndTwentyMilliseconds() {
        Metrics m = new Metrics();
        m.queueWait("m", "1", 2_500_000);   // 2.5 ms
        m.queueWait("m", "1", 10_400_000);  // 10.4 ms
        m.queueWait("m", "1", 10_600_000);  // 10.6 ms
        String text = m.render();
        assertTrue(text.contains("# TYPE edge_queue_wait_seconds histogram"), text);
        assertTrue(text.contains("edge_queue_wait_seconds_bucket{model=\"m\",version=\"1\",le=\"0.002\"} 0\n"), text);
        assertTrue(text.contains("edge_queue_wait_seconds_bucket{model=\"m\",version=\"1\",le=\"0.003\"} 1\n"), text);
        assertTrue(text.contains("edge_queue_wait_seconds_bucket{model=\"m\",version=\"1\",le=\"0.01\"} 1\n"), text);
        assertTrue(text.contains("edge_queue_wait_seconds_bucket{model=\"m\",version=\"1\",le=\"0.011\"} 3\n"), text);
        assertTrue(text.contains("edge_queue_wait_seconds_bucket{model=\"m\",version=\"1\",le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("edge_queue_wait_seconds_count{model=\"m\",version=\"1\"} 3\n"), text);
    }

    @Test
    void everyInferenceRecordsItsQueueWaitAndItsEngineTime() throws Exception {
        try (ModelRegistry registry = TestModels.registry()) {
            for (int i = 0; i < 3; i++) {
                float[] input = TestModels.input(i);
                registry.call(TestModels.NAME, Optional.empty(), model -> model.infer(Map.of(
                        model.inputs().getFirst().name(), Tensor.ofFloats(Shape.of(1, 3, 96, 96), input))));
            }
            String text = registry.metrics().render();
            assertTrue(text.contains("edge_queue_wait_seconds_count{model=\"mobilenet\",version=\"1\"} 3\n"), text);
            assertTrue(text.contains("edge_inference_seconds_count{model=\"mobilenet\",version=\"1\"} 3\n"), text);
        }
    }

    @Test
    void theMemoryBudgetsSizeWhatIsReservedAndRefusalsArePublished() {
        Metrics m = new Metrics();
        RequestMemory budgets = new RequestMemory(new MemoryBudget("request bodies", 4 << 20),
                new MemoryBudget("decoding and parsing", 8 << 20));
        m.memory(budgets);
        try (MemoryBudget.Lease held = budgets.bodies().reserveNow(3 << 20, "a body")) {
            assertThrows(QueueFullException.class, () -> budgets.bodies().reserveNow(2 << 20, "another body"));
            assertThrows(PayloadTooLargeException.class, () -> budgets.working().reserve(9 << 20, "a decode"));
            String text = m.render();
            assertTrue(text.contains("# TYPE edge_memory_budget_bytes gauge\n"), text);
            assertTrue(text.contains("edge_memory_budget_bytes{budget=\"bodies\"} 4194304\n"), text);
            assertTrue(text.contains("edge_memory_budget_bytes{budget=\"working\"} 8388608\n"), text);
            assertTrue(text.contains("edge_memory_reserved_bytes{budget=\"bodies\"} 3145728\n"), text);
            assertTrue(text.contains("edge_memory_reserved_bytes{budget=\"working\"} 0\n"), text);
            assertTrue(text.contains("edge_memory_refusals_total{budget=\"bodies\"} 1\n"), text);
            assertTrue(text.contains("edge_memory_refusals_total{budget=\"working\"} 1\n"), text);
        }
        assertTrue(m.render().contains("edge_memory_reserved_bytes{budget=\"bodies\"} 0\n"));
    }
}
