package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batcher's edges on a real reference engine: a caller interrupted while its batch gathers leaves it and the
 * others' answers are unchanged; a full queue still rejects at once; batching off keeps no batcher at all.
 */
final class DynamicBatcherTest {

    private static ServedModel served(Batching batching, int capacity, Metrics metrics) throws Exception {
        Engine engine = new Engines().load(TestModels.mobilenetXml(), TestModels.referenceSettings());
        ModelSettings s = TestModels.referenceSettings().withQueue(capacity, 1).withBatching(batching);
        return new ServedModel(TestModels.NAME, "1", engine, ModelCard.tensorsOnly(), s, Optional.empty(), metrics);
    }

    private static Map<String, Tensor> feed(ServedModel m, float[] input) {
        return Map.of(m.inputs().getFirst().name(), Tensor.ofFloats(Shape.of(1, 3, 96, 96), input));
    }

    @Test
    void anInterruptedCallerLeavesItsBatchAndTheOthersGetTheirOwnAnswers() throws Exception {
        Metrics metrics = new Metrics();
        // A long delay: the batch that A starts gathering cannot leave before A is interrupted.
        ServedModel m = served(new Batching(8, List.of(), 5_000_000), 8, metrics);
        try {
            float[] a = TestModels.input(1);
            float[] b = TestModels.input(2);
            CompletableFuture<Throwable> aFailure = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    m.infer(feed(m, a));
                    aFailure.complete(null);
                } catch (Throwable t) {
                    aFailure.complete(t);
                }
            });
            caller.interrupt();
            assertTrue(aFailure.get(30, TimeUnit.SECONDS) instanceof InterruptedException,
                    "the interrupted caller gets InterruptedException");
            float[] got = m.infer(feed(m, b)).values().iterator().next().toFloatArray();
            float[] want = TestModels.expected(b);
            for (int j = 0; j < want.length; j++) {
                assertEquals(Float.floatToRawIntBits(want[j]), Float.floatToRawIntBits(got[j]), "value " + j);
            }
            String text = metrics.render();
            assertTrue(text.contains("edge_batch_size_sum{model=\"mobilenet\",version=\"1\"} 1.0"), "only B ran:\n" + text);
        } finally {
            m.retire(10_000);
        }
    }

    @Test
    void aFullQueueRejectsAtOnceWithBatchingOn() throws Exception {
        ServedModel m = served(new Batching(4, List.of(), 5_000_000), 0, new Metrics());
        try {
            Thread first = Thread.ofVirtual().start(() -> {
                try {
                    m.infer(feed(m, TestModels.input(3)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The first request holds the only admission while its batch waits (5 s): the second is refused.
            while (m.queue().admittedNow() == 0 && first.isAlive()) {
                Thread.onSpinWait();
            }
            QueueFullException e = assertThrows(QueueFullException.class, () -> m.infer(feed(m, TestModels.input(4))));
            assertTrue(e.getMessage().contains("is full"), e.getMessage());
            first.join();
        } finally {
            m.retire(10_000);
        }
    }

    @Test
    void aRequestWithMoreRowsThanTheMaximumIsRefusedByName() throws Exception {
        ServedModel m = served(new Batching(2, List.of(), 0), 8, new Metrics());
        try {
            Map<String, Tensor> three = Map.of(m.inputs().getFirst().name(),
                    Tensor.ofFloats(Shape.of(3, 3, 96, 96), new float[3 * 3 * 96 * 96]));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.infer(three));
            assertEquals("a batch of 3 exceeds max-batch-size 2 of model mobilenet; send at most that many per request",
                    e.getMessage());
        } finally {
            m.retire(10_000);
        }
    }
}
