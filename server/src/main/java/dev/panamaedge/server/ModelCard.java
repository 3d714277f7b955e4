package dev.panamaedge.server;

import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.Labels;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server knows about a model beyond its tensors, read from the metadata sidecar: how to turn an
 * image into its input (absent for models that only take tensors), its labels and whether its output is
 * logits or probabilities.
 */
public record ModelCard(Optional<Preprocessing> preprocessing, Labels labels, Classification.Scores scores) {
    public ModelCard {
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(scores, "scores");
    }

    /** A model without a sidecar: tensors only, unnamed classes, logits. */
    public static ModelCard tensorsOnly() {
        return new ModelCard(Optional.empty(), Labels.none(), Classification.Scores.LOGITS);
    }
}
