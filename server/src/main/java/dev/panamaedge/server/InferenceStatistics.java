package dev.panamaedge.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One model version's cumulative inference counts and durations, in the shape of Triton's statistics extension
 * ({@code /v2/models/{m}/stats}, gRPC {@code ModelStatistics}). Fed by the same measurements, at the same points,
 * as the {@code edge_queue_wait_seconds}, {@code edge_inference_seconds}, {@code edge_decode_seconds} and
 * {@code edge_preprocess_seconds} histograms of {@link Metrics}, here per version.
 */
public final class InferenceStatistics {
    private final Duration success = new Duration();
    private final Duration fail = new Duration();
    private final Duration queue = new Duration();
    private final Duration computeInput = new Duration();
    private final Duration computeInfer = new Duration();
    private final LongAdder inferences = new LongAdder();
    private final LongAdder executions = new LongAdder();
    private final AtomicLong lastInferenceMillis = new AtomicLong();

    /** A count and the nanoseconds those events took in total. */
    public record Totals(long count, long nanos) {
    }

    /**
     * A consistent-enough copy for one reply (each field is read once; concurrent requests may land between).
     *
     * @param computeInput decoding and preprocessing encoded images into the input tensor
     * @param computeInfer the engine's run, including copying inputs in and outputs out, per request (a request
     *                     run in a dynamic batch counts its batch's run, as Triton does)
     * @param inferences   batch items inferred (the first dimension of each request's first input)
     * @param executions   engine runs (with dynamic batching, batches: fewer than requests)
     * @param lastInferenceMillis epoch milliseconds of the last successful inference, 0 if none
     */
    public record Snapshot(Totals success, Totals fail, Totals queue, Totals computeInput, Totals computeInfer,
                           long inferences, long executions, long lastInferenceMillis) {
    }

    private static final class Duration {
        private final LongAdder count = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        void add(long ns) {
            count.increment();
            nanos.add(ns);
        }

        Totals totals() {
            return new Totals(count.sum(), nanos.sum());
        }
    }

    void queued(long nanos) {
        queue.add(nanos);
    }

    /** One request's share of an engine run that took {@code nanos}. */
    void computed(long nanos) {
        computeInfer.add(nanos);
    }

    /** One engine run, of one request or of a batch of them. */
    void executed() {
        executions.increment();
    }

    void input(long nanos) {
        computeInput.add(nanos);
    }

    /** A request that ran: {@code nanos} from admission to its outputs, {@code batch} items. */
    void succeeded(long nanos, long batch) {
        success.add(nanos);
        inferences.add(batch);
        lastInferenceMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
    }

    void failed(long nanos) {
        fail.add(nanos);
    }

    public Snapshot snapshot() {
        Totals done = success.totals();
        return new Snapshot(done, fail.totals(), queue.totals(), computeInput.totals(), computeInfer.totals(),
                inferences.sum(), executions.sum(), lastInferenceMillis.get());
    }
}
