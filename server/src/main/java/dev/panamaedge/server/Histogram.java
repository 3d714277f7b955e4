package dev.panamaedge.server;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram with fixed upper bounds; lock-free, cumulative buckets rendered on scrape. */
final class Histogram {
    /**
     * Latency bounds in seconds: 0.1 ms to 10 s, 1 ms apart where a MobileNet inference lands (5–20 ms) so that a
     * p50 and a p99 read from the buckets are a millisecond apart at worst.
     */
    static final double[] LATENCY_SECONDS = {0.0001, 0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008,
            0.009, 0.01, 0.011, 0.012, 0.013, 0.014, 0.015, 0.016, 0.018, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1,
            0.2, 0.5, 1, 2.5, 5, 10};
    /** |Δlogit| bounds between the engine and the reference engine. */
    static final double[] LOGIT_DELTA = {0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5};

    private final double[] bounds;
    private final LongAdder[] counts;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void observe(double value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                counts[i].increment();
                break;
            }
        }
        count.increment();
        sum.add(value);
    }

    long count() {
        return count.sum();
    }

    /** Appends the {@code _bucket}, {@code _sum} and {@code _count} lines; {@code labels} is "" or "a=\"b\"". */
    void render(StringBuilder out, String name, String labels) {
        String sep = labels.isEmpty() ? "" : labels + ",";
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i].sum();
            out.append(name).append("_bucket{").append(sep).append("le=\"").append(bounds[i]).append("\"} ")
                    .append(cumulative).append('\n');
        }
        long total = count.sum();
        out.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(total).append('\n');
        String braces = labels.isEmpty() ? "" : "{" + labels + "}";
        out.append(name).append("_sum").append(braces).append(' ').append(sum.sum()).append('\n');
        out.append(name).append("_count").append(braces).append(' ').append(total).append('\n');
    }
}
