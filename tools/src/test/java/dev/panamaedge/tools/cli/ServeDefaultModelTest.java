package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.tools.quant.ModelPuller;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which model {@code edge serve} serves when none is named, and what it says about it on stderr. */
final class ServeDefaultModelTest {

    @Test
    void aStoreWithThePulledModelServesIt(@TempDir Path root) throws Exception {
        ModelStore store = new ModelStore(root);
        var progress = new PrintWriter(new StringWriter());
        var pulled = ModelPuller.pull(ModelStore.PRETRAINED_NAME, Optional.of(CoralModel.directory()), store, false,
                progress);
        StringWriter err = new StringWriter();
        Path served = ServeCommand.defaultModel(store, new PrintWriter(err));
        assertEquals(pulled.model().modelXml(), served);
        assertEquals(store.directory(ModelStore.PRETRAINED_NAME).resolve("model.xml"), served);
        assertFalse(ModelMetadataFile.read(ModelMetadataFile.sidecarOf(served)).untrained());
        assertTrue(err.toString().contains("serving the pretrained model"), err.toString());
        assertFalse(err.toString().contains("untrained"), err.toString());
    }

    @Test
    void anEmptyStoreServesTheSeededModelAndSaysItIsUntrained(@TempDir Path root) throws Exception {
        ModelStore store = new ModelStore(root);
        StringWriter err = new StringWriter();
        Path served = ServeCommand.defaultModel(store, new PrintWriter(err));
        assertEquals(store.directory(ModelStore.mobileNetV2Name(ModelStore.DEFAULT_SPEC, ModelStore.DEFAULT_SEED))
                .resolve("model.xml"), served);
        assertTrue(ModelMetadataFile.read(ModelMetadataFile.sidecarOf(served)).untrained());
        String said = err.toString();
        assertTrue(said.contains("weights are untrained"), said);
        assertTrue(said.contains("./edge models pull mobilenet_v2_imagenet"), said);
        assertTrue(said.contains("--from ../shared/models/coral"), said);
        assertEquals(1, said.strip().lines().count(), said);
    }

    @Test
    void classifyWithTheDefaultModelSaysItIsUntrained() throws Exception {
        Path photo = dev.panamaedge.testsupport.SharedPhotos.path("owl.jpg");
        Cli r = Cli.run("classify", "--engine", "native", "--top", "1", photo.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("weights are untrained") && r.err().contains(ModelStore.PRETRAINED_COMMAND),
                r.err());
    }
}
