package dev.panamaedge.runtime.image;

import java.util.List;
import java.util.Objects;

/**
 * Class labels for a classifier output.
 *
 * <p>Same convention as the metadata sidecar's {@code labelOffset}: {@code names[i]} names class {@code i},
 * which is output {@code i + offset}; outputs below the offset are not classes.
 *
 * @param names  the labels of the real classes
 * @param offset output index of {@code names[0]}: 1 for a 1001-output TensorFlow model whose output 0 is
 *               "background" and whose list omits it, else 0
 */
public record Labels(List<String> names, int offset) {
    public Labels {
        names = List.copyOf(names);
        if (offset < 0) {
            throw new IllegalArgumentException("label offset must be non-negative, got " + offset);
        }
    }

    /** No labels: every class prints as {@code class_<index>} (its class index). */
    public static Labels none() {
        return new Labels(List.of(), 0);
    }

    /**
     * The label of class {@code classIndex} (output {@code classIndex + offset}), or {@code class_<classIndex>}
     * if the list has none for it.
     */
    public String label(int classIndex) {
        if (classIndex >= 0 && classIndex < names.size()) {
            return Objects.requireNonNullElse(names.get(classIndex), "class_" + classIndex);
        }
        return "class_" + classIndex;
    }
}
