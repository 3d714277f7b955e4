package dev.panamaedge.models.quant;

/** Counts of values in equal-width bins over a fixed {@code [low, high]}; values outside go to the end bins. */
final class Histogram {
    private final double low;
    private final double high;
    private final long[] counts;
    private long total;

    Histogram(double low, double high, int bins) {
        if (!(high >= low)) {
            throw new IllegalArgumentException("bad histogram range [" + low + ", " + high + "]");
        }
        this.low = low;
        this.high = high;
        this.counts = new long[bins];
    }

    void add(float[] values) {
        int n = counts.length;
        double width = high - low;
        if (width == 0) {
            counts[0] += values.length;
            total += values.length;
            return;
        }
        double k = n / width;
        for (float v : values) {
            int b = (int) ((v - low) * k);
            counts[b < 0 ? 0 : Math.min(b, n - 1)]++;
        }
        total += values.length;
    }

    int bins() {
        return counts.length;
    }

    long count(int bin) {
        return counts[bin];
    }

    long total() {
        return total;
    }

    double center(int bin) {
        return low + (bin + 0.5) * (high - low) / counts.length;
    }

    /** The value below which {@code fraction} of the observations lie (linear inside the bin). */
    double quantile(double fraction) {
        double target = fraction * total;
        long seen = 0;
        double width = (high - low) / counts.length;
        for (int b = 0; b < counts.length; b++) {
            if (seen + counts[b] >= target && counts[b] > 0) {
                return low + width * (b + (target - seen) / counts[b]);
            }
            seen += counts[b];
        }
        return high;
    }
}
