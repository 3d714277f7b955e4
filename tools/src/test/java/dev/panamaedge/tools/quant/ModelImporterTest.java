package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import dev.panamaedge.testsupport.CoralModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ModelImporterTest {
    @TempDir
    Path tmp;

    @Test
    void coralTfliteBecomesIrWithTfliteUint8PreprocessingAnd1000LabelsAfterBackground() throws Exception {
        Path xml = CoralModels.imported();
        ModelMetadata m = ModelMetadataFile.read(ModelMetadataFile.sidecarOf(xml));
        assertEquals(Preprocessing.tfliteUint8(224), m.preprocessing());
        assertEquals(1000, m.labels().size());
        assertEquals(1, m.labelOffset());
        assertEquals("tench, Tinca tinca", m.label(1).orElseThrow());
        assertEquals(ModelMetadata.PROBABILITIES, m.outputKind());
        assertEquals("7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776", m.provenance().sha256());
        assertTrue(Files.size(xml.resolveSibling("model.bin")) > 3_000_000);
    }

    @Test
    void existingIrIsCopiedAndReadBack() throws Exception {
        var imported = ModelImporter.importModel(CoralModels.imported(), tmp.resolve("copy"), ModelImporter.Options.defaults());
        assertEquals(ModelImporter.Format.IR, imported.format());
        assertEquals(Files.size(CoralModels.imported().resolveSibling("model.bin")),
                Files.size(imported.directory().resolve("model.bin")));
        assertEquals(0, imported.metadata().labels().size());
        assertEquals(1, imported.metadata().labelOffset(), "1001 outputs follow the TF background convention");
    }

    /** Not createTempDirectory's owner-only 0700: a store shared with a server of another user stays readable. */
    @Test
    void importedDirectoryHasThePermissionsOfAPlainDirectoryBesideIt() throws Exception {
        Path xml = new ModelStore(tmp.resolve("generated")).ensureMobileNetV2(new MobileNetV2Spec(0.35, 32, 10), 1);
        Path store = Files.createDirectories(tmp.resolve("store"));
        var imported = ModelImporter.importModel(xml, store.resolve("tiny"), ModelImporter.Options.defaults());
        assertEquals(ModelImporter.Format.IR, imported.format());
        Path plain = Files.createDirectory(store.resolve("plain"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(imported.directory())));
    }

    @Test
    void truncatedTfliteIsRejectedAndLeavesNothing() throws Exception {
        byte[] all = Files.readAllBytes(CoralModel.mobilenetV2Quant());
        Path cut = tmp.resolve("cut.tflite");
        Files.write(cut, Arrays.copyOf(all, all.length / 3));
        Path out = tmp.resolve("models/cut");
        var e = assertThrows(InvalidModelException.class,
                () -> ModelImporter.importModel(cut, out, ModelImporter.Options.defaults()));
        assertTrue(e.getMessage().startsWith("ovc could not convert"), e.getMessage());
        assertFalse(Files.exists(out));
        try (var s = Files.list(tmp.resolve("models"))) {
            assertEquals(0, s.count(), "no temporary directory left behind");
        }
    }

    @Test
    void unknownFormatMissingFileBadLabelsAndOccupiedOutputAreClearErrors() throws Exception {
        Path junk = Files.writeString(tmp.resolve("model.pt"), "not a model");
        var e = assertThrows(InvalidModelException.class,
                () -> ModelImporter.importModel(junk, tmp.resolve("a"), ModelImporter.Options.defaults()));
        assertTrue(e.getMessage().contains("unknown model format"), e.getMessage());
        Path fake = Files.writeString(tmp.resolve("fake.tflite"), "12345678 not a flatbuffer");
        e = assertThrows(InvalidModelException.class,
                () -> ModelImporter.importModel(fake, tmp.resolve("b"), ModelImporter.Options.defaults()));
        assertTrue(e.getMessage().contains("no TFL3 identifier"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> ModelImporter.importModel(tmp.resolve("absent.tflite"), tmp.resolve("c"), ModelImporter.Options.defaults()));
        Path labels = Files.writeString(tmp.resolve("labels.txt"), "cat\ndog\n");
        e = assertThrows(InvalidModelException.class, () -> ModelImporter.importModel(CoralModels.imported(),
                tmp.resolve("d"), new ModelImporter.Options(Optional.of(labels), Optional.empty(), Optional.empty())));
        assertTrue(e.getMessage().endsWith("2 labels for a model with 1001 outputs"), e.getMessage());
        Path occupied = Files.createDirectories(tmp.resolve("e"));
        Files.writeString(occupied.resolve("keep.txt"), "x");
        var iae = assertThrows(IllegalArgumentException.class,
                () -> ModelImporter.importModel(CoralModels.imported(), occupied, ModelImporter.Options.defaults()));
        assertTrue(iae.getMessage().endsWith("exists and is not empty"), iae.getMessage());
    }
}
