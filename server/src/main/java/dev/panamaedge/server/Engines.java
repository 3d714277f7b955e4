package dev.panamaedge.server;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.Labels;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The real {@link EngineLoader}: OpenVINO through FFM, or the pure-Java reference engine. */
public final class Engines implements EngineLoader {

    @Override
    public Engine load(Path modelXml, ModelSettings settings) throws IOException {
        return switch (settings.engine()) {
            case REFERENCE -> {
                // The reference engine decodes the weights into its own arrays, so the mapping can go now.
                try (IrModel model = IrReader.read(modelXml)) {
                    yield ReferenceEngine.load(model);
                }
            }
            case NATIVE -> NativeEngines.load(modelXml, settings);
        };
    }

    @Override
    public ModelCard card(Path modelXml) throws IOException {
        Path sidecar = ModelMetadataFile.sidecarOf(modelXml);
        if (!Files.isRegularFile(sidecar)) {
            return ModelCard.tensorsOnly();
        }
        ModelMetadata m = ModelMetadataFile.read(sidecar);
        Classification.Scores scores = m.outputKind().equals(ModelMetadata.PROBABILITIES)
                ? Classification.Scores.PROBABILITIES : Classification.Scores.LOGITS;
        return new ModelCard(Optional.of(m.preprocessing()), new Labels(m.labels(), m.labelOffset()), scores,
                m.outputQuantization(), m.untrained());
    }
}
