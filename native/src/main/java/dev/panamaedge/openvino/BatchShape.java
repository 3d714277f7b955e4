package dev.panamaedge.openvino;

/**
 * The batch dimension an {@link OpenVinoEngine} compiles its model's input with: {@code [min, max]}, static
 * when the bounds are equal ({@code benchmark_app -b N} compiles {@code fixed(N)}), dynamic within the bounds
 * otherwise, so one compiled model runs every batch a batcher assembles, partial ones included.
 *
 * @param min smallest batch, at least 1
 * @param max largest batch, at least {@code min}
 */
public record BatchShape(int min, int max) {
    public BatchShape {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("batch bounds must satisfy 1 <= min <= max, got [" + min + ", " + max
                    + "]");
        }
    }

    /** Exactly {@code n} per inference. */
    public static BatchShape fixed(int n) {
        return new BatchShape(n, n);
    }

    /** Any batch from 1 to {@code max}. */
    public static BatchShape upTo(int max) {
        return new BatchShape(1, max);
    }

    public boolean isStatic() {
        return min == max;
    }
}
