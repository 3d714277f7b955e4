package dev.panamaedge.runtime.image;

import java.util.Objects;

/**
 * One class of a classification result.
 *
 * @param index       the class index: the model's output index minus the label offset (so a 1001-output model's
 *                    background, output 0, is no class), the same with and without a label list
 * @param label       its human-readable label ({@code class_<index>} when the model has no label list)
 * @param probability softmax probability (or the model's own probability output, dequantized) in [0, 1]
 */
public record Prediction(int index, String label, float probability) {
    public Prediction {
        Objects.requireNonNull(label, "label");
        if (index < 0) {
            throw new IllegalArgumentException("class index must be non-negative, got " + index);
        }
    }
}
