package dev.panamaedge.runtime.image;

import java.util.List;
import java.util.Objects;

/**
 * Class labels for a classifier output.
 *
 * @param names  the label list as shipped with the model
 * @param offset where output class 0 sits in {@code names}: 1 for a 1000-class model read with the
 *               1001-line TensorFlow list whose line 0 is "background", 0 when list and output agree
 */
public record Labels(List<String> names, int offset) {
    public Labels {
        names = List.copyOf(names);
        if (offset < 0) {
            throw new IllegalArgumentException("label offset must be non-negative, got " + offset);
        }
    }

    /** No labels: every class prints as {@code class_<index>}. */
    public static Labels none() {
        return new Labels(List.of(), 0);
    }

    /** The label of output class {@code index}, or {@code class_<index>} if the list has none for it. */
    public String label(int index) {
        int i = index + offset;
        if (i >= 0 && i < names.size()) {
            return Objects.requireNonNullElse(names.get(i), "class_" + index);
        }
        return "class_" + index;
    }
}
