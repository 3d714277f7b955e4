package dev.panamaedge.tools.quant;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A model directory: {@code model.xml}, {@code model.bin} and the {@code metadata.json} sidecar. Written into
 * a temporary sibling and renamed into place, so it is either complete or absent.
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
     * @throws IllegalArgumentException when {@code outDir} holds files
     */
    public static Path write(IrModel model, ModelMetadata metadata, Path outDir) throws IOException {
        Path target = outDir.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            try (var s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("output directory " + target + " exists and is not empty");
                }
            }
        } else if (Files.exists(target)) {
            throw new IllegalArgumentException("output path " + target + " is a file, not a directory");
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".tmp-");
        try {
            IrWriter.write(model, tmp.resolve("model.xml"));
            ModelMetadataFile.write(metadata, tmp.resolve(ModelMetadataFile.FILE_NAME));
            Files.deleteIfExists(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Trees.delete(tmp);
        }
        return target.resolve("model.xml");
    }
}
