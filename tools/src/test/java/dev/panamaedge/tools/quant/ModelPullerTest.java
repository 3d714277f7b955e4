package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.testsupport.CoralModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ModelPullerTest {
    private static final String MODEL = "mobilenet_v2_1.0_224_quant.tflite";

    @TempDir
    Path tmp;

    @Test
    void pinnedChecksumsMatchTheSharedCopies() throws Exception {
        KnownModel m = KnownModel.byName("mobilenet_v2_imagenet").orElseThrow();
        ModelPuller.verify(m.model(), CoralModel.file(MODEL), "shared");
        ModelPuller.verify(m.labels(), CoralModel.labels(), "shared");
        assertTrue(m.model().uri().toString().contains("/104342d2d3480b3e66203073dac24f4e2dbb4c41/"));
    }

    /** {@code pull --from}: the INT8 model under the known name and the ovc import beside it, both described right. */
    @Test
    void pullFromLocalCopyPutsTheInt8ModelAndTheAsImportedOneIntoTheStore() throws Exception {
        ModelPuller.Pulled pulled = CoralModels.pulled();
        ModelStore store = new ModelStore(pulled.model().directory().getParent());
        assertEquals(store.directory("mobilenet_v2_imagenet").resolve("model.xml"), pulled.model().modelXml());
        assertEquals(store.directory("mobilenet_v2_imagenet_as_imported").resolve("model.xml"),
                pulled.asImported().modelXml());
        assertStoreHoldsOnly(store, "mobilenet_v2_imagenet", "mobilenet_v2_imagenet_as_imported");
        for (var m : List.of(pulled.model(), pulled.asImported())) {
            // What is on disk, not what pull returned.
            ModelMetadata meta = ModelMetadataFile.read(m.directory().resolve(ModelMetadataFile.FILE_NAME));
            assertEquals(m.metadata(), meta);
            assertEquals(m.directory().getFileName().toString(), meta.name());
            assertEquals(1000, meta.labels().size());
            assertEquals("tench, Tinca tinca", meta.labels().getFirst());
            assertEquals(1, meta.labelOffset());
            assertEquals(ModelMetadata.PROBABILITIES, meta.outputKind());
            Preprocessing pre = meta.preprocessing();
            assertEquals(List.of("NHWC", 224, 224, ElementType.U8),
                    List.of(pre.layout(), pre.width(), pre.height(), pre.elementType()));
            assertTrue(meta.provenance().source().startsWith("https://github.com/google-coral/test_data/raw/"));
            assertEquals(KnownModel.byName("mobilenet_v2_imagenet").orElseThrow().model().sha256(),
                    meta.provenance().sha256());
        }
        assertEquals("mobilenet_v2_imagenet_as_imported", pulled.model().metadata().provenance().details().get("asImported"));
        // The INT8 model outputs f32 probabilities; the import, ovc's u8 codes of them.
        try (IrModel int8 = IrReader.read(pulled.model().modelXml());
             IrModel asImported = IrReader.read(pulled.asImported().modelXml())) {
            assertEquals(ElementType.F32, int8.results().getFirst().input(0).type());
            assertEquals(ElementType.U8, asImported.results().getFirst().input(0).type());
            assertEquals(ElementType.U8, int8.parameters().getFirst().output(0).type());
            assertEquals(0, int8.layers().stream().filter(l -> l.type().equals("Subtract")).count());
        }
        var again = assertThrows(IllegalArgumentException.class, () -> ModelPuller.pull("mobilenet_v2_imagenet",
                Optional.of(CoralModel.file(MODEL)), store, false, quiet()));
        assertTrue(again.getMessage().contains("--force"), again.getMessage());
        Path plain = Files.createDirectories(store.root().getParent().resolve("plain"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(pulled.model().directory())),
                "the pulled model is not owner-only");
    }

    @Test
    void anAsImportedCopyAloneAlsoNeedsForceWhichReplacesBoth() throws Exception {
        ModelStore store = new ModelStore(tmp.resolve("store"));
        Path stale = Files.createDirectories(store.directory("mobilenet_v2_imagenet_as_imported"));
        Files.writeString(stale.resolve(ModelMetadataFile.FILE_NAME), "{}");
        var e = assertThrows(IllegalArgumentException.class, () -> ModelPuller.pull("mobilenet_v2_imagenet",
                Optional.of(CoralModel.directory()), store, false, quiet()));
        assertTrue(e.getMessage().contains("mobilenet_v2_imagenet_as_imported") && e.getMessage().contains("--force"),
                e.getMessage());
        Files.createDirectories(store.directory("mobilenet_v2_imagenet"));
        Files.writeString(store.directory("mobilenet_v2_imagenet").resolve("stale"), "old");
        var pulled = ModelPuller.pull("mobilenet_v2_imagenet", Optional.of(CoralModel.directory()), store, true, quiet());
        assertStoreHoldsOnly(store, "mobilenet_v2_imagenet", "mobilenet_v2_imagenet_as_imported");
        assertFalse(Files.exists(store.directory("mobilenet_v2_imagenet").resolve("stale")));
        assertEquals("mobilenet_v2_imagenet_as_imported",
                ModelMetadataFile.read(stale.resolve(ModelMetadataFile.FILE_NAME)).name());
        assertTrue(Files.isRegularFile(pulled.model().modelXml()));
    }

    @Test
    void wrongChecksumIsRejectedAndNothingReachesTheStore() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        byte[] model = Files.readAllBytes(CoralModel.file(MODEL));
        model[model.length / 2] ^= 1;
        Files.write(copy.resolve(MODEL), model);
        Files.copy(CoralModel.labels(), copy.resolve("imagenet_labels.txt"));
        ModelStore store = new ModelStore(tmp.resolve("store"));
        var e = assertThrows(InvalidModelException.class,
                () -> ModelPuller.pull("mobilenet_v2_imagenet", Optional.of(copy), store, false, quiet()));
        assertTrue(e.getMessage().contains("has sha256") && e.getMessage().contains("expected 7aad0c74"), e.getMessage());
        assertStoreHoldsOnly(store);
    }

    @Test
    void truncatedCopyIsRejectedAsTruncated() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        byte[] model = Files.readAllBytes(CoralModel.file(MODEL));
        Files.write(copy.resolve(MODEL), Arrays.copyOf(model, model.length - 1000));
        Files.copy(CoralModel.labels(), copy.resolve("imagenet_labels.txt"));
        ModelStore store = new ModelStore(tmp.resolve("store"));
        var e = assertThrows(InvalidModelException.class,
                () -> ModelPuller.pull("mobilenet_v2_imagenet", Optional.of(copy.resolve(MODEL)), store, false, quiet()));
        assertTrue(e.getMessage().endsWith("(truncated)"), e.getMessage());
        assertStoreHoldsOnly(store);
    }

    @Test
    void downloadVerifiesWhatTheServerSendsAndFailsCleanlyWhenUnreachable() throws Exception {
        byte[] labels = Files.readAllBytes(CoralModel.labels());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/full", x -> {
            x.sendResponseHeaders(200, labels.length);
            x.getResponseBody().write(labels);
            x.close();
        });
        server.createContext("/short", x -> {
            x.sendResponseHeaders(200, labels.length / 2);
            x.getResponseBody().write(labels, 0, labels.length / 2);
            x.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            KnownModel.RemoteFile pinned = KnownModel.byName("mobilenet_v2_imagenet").orElseThrow().labels();
            Path ok = tmp.resolve("ok.txt");
            ModelPuller.download(new KnownModel.RemoteFile("l", URI.create(base + "/full"), pinned.sha256(), pinned.size()),
                    ok, quiet());
            ModelPuller.verify(pinned, ok, "loopback");
            Path cut = tmp.resolve("cut.txt");
            ModelPuller.download(new KnownModel.RemoteFile("l", URI.create(base + "/short"), pinned.sha256(), pinned.size()),
                    cut, quiet());
            var e = assertThrows(InvalidModelException.class, () -> ModelPuller.verify(pinned, cut, "loopback"));
            assertTrue(e.getMessage().endsWith("(truncated)"), e.getMessage());
        } finally {
            server.stop(0);
        }
        // Nothing listens on port 1 of loopback: the connection is refused at once.
        var e = assertThrows(IOException.class, () -> ModelPuller.download(new KnownModel.RemoteFile("l",
                URI.create("http://127.0.0.1:1/x"), "0".repeat(64), 1), tmp.resolve("x"), quiet()));
        assertTrue(e.getMessage().contains("pass --from with a local copy"), e.getMessage());
    }

    @Test
    void unknownModelNameListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelPuller.pull("resnet", Optional.empty(),
                new ModelStore(tmp), false, quiet()));
        assertTrue(e.getMessage().contains("mobilenet_v2_imagenet"), e.getMessage());
    }

    private static void assertStoreHoldsOnly(ModelStore store, String... names) throws IOException {
        try (var s = Files.list(store.root())) {
            assertEquals(Arrays.asList(names), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String n : names) {
            assertFalse(Files.exists(store.directory(n).resolve("replaced")));
        }
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
