package dev.panamaedge.server;

import dev.panamaedge.models.ir.OutputQuantization;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.Labels;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server knows about a model beyond its tensors, read from the metadata sidecar: how to turn an
 * image into its input (absent for models that only take tensors), its labels, whether its output is
 * logits or probabilities, the scale and zero point of a u8/i8 output, and whether its weights are untrained.
 *
 * @param untrained seeded random weights (provenance {@code seeded}): every front end says so
 */
public record ModelCard(Optional<Preprocessing> preprocessing, Labels labels, Classification.Scores scores,
                        Optional<OutputQuantization> outputQuantization, boolean untrained) {
    /** The {@code weights} model parameter of an untrained model (KServe metadata, web page). */
    public static final String UNTRAINED_WEIGHTS = "untrained (seeded)";

    public ModelCard {
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(outputQuantization, "outputQuantization");
    }

    /** A card for a float-output model with trained (or unknown) weights. */
    public ModelCard(Optional<Preprocessing> preprocessing, Labels labels, Classification.Scores scores) {
        this(preprocessing, labels, scores, Optional.empty(), false);
    }

    /** A model without a sidecar: tensors only, unnamed classes, logits. */
    public static ModelCard tensorsOnly() {
        return new ModelCard(Optional.empty(), Labels.none(), Classification.Scores.LOGITS);
    }
}
