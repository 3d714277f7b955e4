package dev.panamaedge.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.models.mobilenet.MobileNetV2;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    /** The smallest valid network (32 px) keeps each generation to a fraction of a second. */
    static final MobileNetV2Spec SMALL = new MobileNetV2Spec(0.35, 32, 10);

    @TempDir
    Path root;

    @Test
    void rootComesFromPropertyThenEnvironmentThenXdgCache() {
        Map<String, String> none = Map.of();
        assertEquals(Path.of("/p"), ModelStore.defaultRoot(Map.of(ModelStore.ROOT_PROPERTY, "/p")::get,
                Map.of(ModelStore.ROOT_ENV, "/e")::get, "/home/u"));
        assertEquals(Path.of("/e"), ModelStore.defaultRoot(Map.of(ModelStore.ROOT_PROPERTY, " ")::get,
                Map.of(ModelStore.ROOT_ENV, "/e", "XDG_CACHE_HOME", "/x")::get, "/home/u"));
        assertEquals(Path.of("/x/panama-edge/models"), ModelStore.defaultRoot(none::get,
                Map.of("XDG_CACHE_HOME", "/x")::get, "/home/u"));
        assertEquals(Path.of("/home/u/.cache/panama-edge/models"), ModelStore.defaultRoot(none::get,
                Map.of("XDG_CACHE_HOME", "relative/cache")::get, "/home/u"));
        assertEquals(Path.of("/home/u/.cache/panama-edge/models"), ModelStore.defaultRoot(none::get, none::get,
                "/home/u"));
    }

    @Test
    void defaultModelIsMobileNetV2At224WithAThousandClasses() {
        assertEquals(new MobileNetV2Spec(1.0, 224, 1000), ModelStore.DEFAULT_SPEC);
        assertEquals("mobilenet_v2_1.0_224_1000_s42_g" + MobileNetV2.GENERATOR_VERSION,
                ModelStore.mobileNetV2Name(ModelStore.DEFAULT_SPEC, ModelStore.DEFAULT_SEED));
    }

    @Test
    void directoryNamesCannotEscapeTheStore() {
        ModelStore store = new ModelStore(root);
        assertEquals(root.resolve("coral"), store.directory("coral"));
        for (String bad : List.of("..", "../x", "a/b", ".hidden", "", "a\\b")) {
            var e = assertThrows(IllegalArgumentException.class, () -> store.directory(bad));
            assertEquals("model name '" + bad + "' is not a plain directory name", e.getMessage());
        }
    }

    @Test
    void firstUseCreatesModelWeightsAndSidecar() throws IOException {
        Path xml = new ModelStore(root).ensureMobileNetV2(SMALL, 3);
        assertEquals(root.resolve("mobilenet_v2_0.35_32_10_s3_g" + MobileNetV2.GENERATOR_VERSION).resolve("model.xml"),
                xml);
        try (IrModel model = IrReader.read(xml)) {
            assertEquals("mobilenet_v2_0.35_32_10_s3", model.name());
            assertEquals(-1, model.weights().mismatch(MobileNetV2.build(SMALL, 3).weights()));
        }
        ModelMetadata metadata = ModelMetadataFile.read(ModelMetadataFile.sidecarOf(xml));
        assertEquals(Preprocessing.imagenetTorchvision(32), metadata.preprocessing());
        assertEquals(List.of("class_0", "class_1", "class_2", "class_3", "class_4", "class_5", "class_6", "class_7",
                "class_8", "class_9"), metadata.labels());
        assertEquals(0, metadata.labelOffset());
        assertEquals(ModelMetadata.LOGITS, metadata.outputKind());
        assertEquals("seeded", metadata.provenance().source());
        assertEquals("3", metadata.provenance().details().get("seed"));
        assertEquals("synthetic class_0..class_9", metadata.provenance().details().get("labels"));
        assertEquals(Long.toString(SMALL.parameterCount()), metadata.provenance().details().get("parameters"));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(1, entries.count(), "no temporary directory is left behind");
        }
    }

    @Test
    void secondUseReusesTheFilesUntouched() throws IOException {
        ModelStore store = new ModelStore(root);
        Path xml = store.ensureMobileNetV2(SMALL, 3);
        Object fileKey = Files.readAttributes(xml, BasicFileAttributes.class).fileKey();
        var modified = Files.getLastModifiedTime(xml.resolveSibling("model.bin"));
        assertEquals(xml, store.ensureMobileNetV2(SMALL, 3));
        assertEquals(fileKey, Files.readAttributes(xml, BasicFileAttributes.class).fileKey());
        assertEquals(modified, Files.getLastModifiedTime(xml.resolveSibling("model.bin")));
    }

    @Test
    void givenLabelsReplaceTheSyntheticOnes() throws IOException {
        ModelStore store = new ModelStore(root);
        store.ensureMobileNetV2(SMALL, 3);
        List<String> labels = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Path xml = store.ensureMobileNetV2(SMALL, 3, labels);
        ModelMetadata metadata = ModelMetadataFile.read(ModelMetadataFile.sidecarOf(xml));
        assertEquals(labels, metadata.labels());
        assertEquals("given", metadata.provenance().details().get("labels"));
        assertEquals(labels, ModelMetadataFile.read(ModelMetadataFile.sidecarOf(store.ensureMobileNetV2(SMALL, 3)))
                .labels(), "a later call without labels keeps them");
    }

    @Test
    void labelCountMustMatchClasses() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ModelStore(root).ensureMobileNetV2(SMALL, 3, List.of("a", "b")));
        assertEquals("2 labels given for 10 classes", e.getMessage());
    }

    @Test
    void concurrentCreatorsAgreeOnOneCompleteModel() throws Exception {
        int creators = 3;
        CyclicBarrier start = new CyclicBarrier(creators);
        Callable<Path> create = () -> {
            start.await();
            return new ModelStore(root).ensureMobileNetV2(SMALL, 5);
        };
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        try {
            List<Future<Path>> results = pool.invokeAll(List.of(create, create, create));
            Path first = results.getFirst().get();
            for (Future<Path> f : results) {
                assertEquals(first, f.get());
            }
            try (IrModel model = IrReader.read(first)) {
                assertEquals("mobilenet_v2_0.35_32_10_s5", model.name());
            }
            try (Stream<Path> entries = Files.list(root)) {
                assertEquals(List.of(first.getParent()), entries.toList(), "losers removed their copies");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void foreignIncompleteDirectoryIsReportedNotOverwritten() throws IOException {
        Path dir = Files.createDirectories(root.resolve(ModelStore.mobileNetV2Name(SMALL, 3)));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        var e = assertThrows(IOException.class, () -> new ModelStore(root).ensureMobileNetV2(SMALL, 3));
        assertTrue(e.getMessage().endsWith("; delete it to have it regenerated"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }
}
