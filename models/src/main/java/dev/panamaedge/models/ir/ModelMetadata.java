package dev.panamaedge.models.ir;

import java.util.List;
import java.util.Objects;

/**
 * The metadata sidecar ({@code metadata.json} beside {@code model.xml}): how to feed the model and how to
 * read its output. Read and written by {@link ModelMetadataFile}.
 *
 * @param schemaVersion file format version, {@value #SCHEMA_VERSION}
 * @param name          model name for listings and reports
 * @param preprocessing how an image becomes the input tensor
 * @param labels        class labels for the real classes (may be empty)
 * @param labelOffset   index of the first real class in the output: 1 for 1001-class TFLite models whose
 *                      index 0 is "background", else 0; {@code labels[i]} names output {@code i + labelOffset}
 * @param outputKind    {@code logits} or {@code probabilities}
 * @param provenance    where the model came from
 */
public record ModelMetadata(int schemaVersion, String name, Preprocessing preprocessing, List<String> labels,
                            int labelOffset, String outputKind, Provenance provenance) {
    public static final int SCHEMA_VERSION = 1;
    public static final String LOGITS = "logits";
    public static final String PROBABILITIES = "probabilities";

    public ModelMetadata {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion " + schemaVersion + " is not supported (expected "
                    + SCHEMA_VERSION + ")");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(outputKind, "outputKind");
        Objects.requireNonNull(provenance, "provenance");
        labels = List.copyOf(labels);
        if (labelOffset < 0) {
            throw new IllegalArgumentException("labelOffset must be >= 0, got " + labelOffset);
        }
        if (!outputKind.equals(LOGITS) && !outputKind.equals(PROBABILITIES)) {
            throw new IllegalArgumentException("outputKind must be '" + LOGITS + "' or '" + PROBABILITIES + "', got '"
                    + outputKind + "'");
        }
    }

    /** A current-schema sidecar. */
    public ModelMetadata(String name, Preprocessing preprocessing, List<String> labels, int labelOffset,
                         String outputKind, Provenance provenance) {
        this(SCHEMA_VERSION, name, preprocessing, labels, labelOffset, outputKind, provenance);
    }

    /** The label of output index {@code index}, if there is one. */
    public java.util.Optional<String> label(int index) {
        int i = index - labelOffset;
        return i >= 0 && i < labels.size() ? java.util.Optional.of(labels.get(i)) : java.util.Optional.empty();
    }
}
