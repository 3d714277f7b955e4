package dev.panamaedge.tools.quant;

import dev.panamaedge.models.StagedDirectory;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model directory: {@code model.xml}, {@code model.bin} and the {@code metadata.json} sidecar. Written into
 * a {@link StagedDirectory} and renamed into place, so it is either complete or absent.
 */
public final class ModelDirectory {
    private ModelDirectory() {
    }

    /** {@code path} itself when it names an {@code .xml}, else {@code path/model.xml}. */
    public static Path xmlOf(Path path) throws NoSuchFileException {
        Path xml = path.toString().endsWith(".xml") ? path : path.resolve("model.xml");
        if (!Files.isRegularFile(xml)) {
            throw new NoSuchFileException(xml.toString(), null, "no IR model (model.xml) there");
        }
        return xml;
    }

    /** The sidecar beside {@code xml}, if there is one. */
    public static Optional<ModelMetadata> metadataOf(Path xml) throws IOException {
        Path sidecar = ModelMetadataFile.sidecarOf(xml);
        return Files.isRegularFile(sidecar) ? Optional.of(ModelMetadataFile.read(sidecar)) : Optional.empty();
    }

    /**
     * Writes {@code model} and {@code metadata} as {@code outDir}, which must not exist or be empty.
     *
     * @throws IllegalArgumentException when {@code outDir} holds files or is a file
     */
    public static Path write(IrModel model, ModelMetadata metadata, Path outDir) throws IOException {
        StagedDirectory.requireAbsentOrEmpty(outDir);
        try (StagedDirectory staged = StagedDirectory.beside(outDir, "tmp")) {
            IrWriter.write(model, staged.path().resolve("model.xml"));
            ModelMetadataFile.write(metadata, staged.path().resolve(ModelMetadataFile.FILE_NAME));
            staged.publish();
            return staged.target().resolve("model.xml");
        }
    }
}
