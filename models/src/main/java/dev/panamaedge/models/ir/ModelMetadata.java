package dev.panamaedge.models.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param outputQuantization for a u8/i8 output, the scale and zero point that turn its codes into real values;
 *                      absent for float outputs and in files written before the field existed (optional in the
 *                      file, never {@code null})
 */
public record ModelMetadata(int schemaVersion, String name, Preprocessing preprocessing, List<String> labels,
                            int labelOffset, String outputKind, Provenance provenance,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY)
                            Optional<OutputQuantization> outputQuantization) {
    /** {@link Provenance#source()} of a generated model, whose weights are seeded random, not trained. */
    public static final String SEEDED = "seeded";
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
        Objects.requireNonNull(outputQuantization, "outputQuantization");
        labels = List.copyOf(labels);
        if (labelOffset < 0) {
            throw new IllegalArgumentException("labelOffset must be >= 0, got " + labelOffset);
        }
        if (!outputKind.equals(LOGITS) && !outputKind.equals(PROBABILITIES)) {
            throw new IllegalArgumentException("outputKind must be '" + LOGITS + "' or '" + PROBABILITIES + "', got '"
                    + outputKind + "'");
        }
    }

    /** A sidecar without output quantization (float outputs). */
    public ModelMetadata(int schemaVersion, String name, Preprocessing preprocessing, List<String> labels,
                         int labelOffset, String outputKind, Provenance provenance) {
        this(schemaVersion, name, preprocessing, labels, labelOffset, outputKind, provenance, Optional.empty());
    }

    /** A current-schema sidecar without output quantization (float outputs). */
    public ModelMetadata(String name, Preprocessing preprocessing, List<String> labels, int labelOffset,
                         String outputKind, Provenance provenance) {
        this(SCHEMA_VERSION, name, preprocessing, labels, labelOffset, outputKind, provenance);
    }

    /** This sidecar with {@code quantization} as its output quantization. */
    public ModelMetadata withOutputQuantization(Optional<OutputQuantization> quantization) {
        return new ModelMetadata(schemaVersion, name, preprocessing, labels, labelOffset, outputKind, provenance,
                quantization);
    }

    /** Whether the weights are seeded random ({@code edge models create}, the embedded default), not trained. */
    public boolean untrained() {
        return provenance.source().equals(SEEDED);
    }

    /** The label of output index {@code index}, if there is one. */
    public java.util.Optional<String> label(int index) {
        int i = index - labelOffset;
        return i >= 0 && i < labels.size() ? java.util.Optional.of(labels.get(i)) : java.util.Optional.empty();
    }
}
