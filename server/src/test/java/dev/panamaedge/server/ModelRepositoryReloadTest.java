package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository {@code {repo}/{model}/{version}/model.xml}: scanning, versions, and reloads under load. */
final class ModelRepositoryReloadTest {

    static void copyModel(Path versionDir) throws IOException {
        Path xml = TestModels.mobilenetXml();
        Files.createDirectories(versionDir);
        for (String f : List.of("model.xml", "model.bin", "metadata.json")) {
            Files.copy(xml.resolveSibling(f), versionDir.resolve(f));
        }
    }

    private static ModelRegistry registry(Path repo) {
        return new ModelRegistry(() -> ModelRepository.scan(repo), new Engines(), n -> TestModels.referenceSettings(),
                0, Optional.empty(), new Metrics());
    }

    @Test
    void scanFindsModelsAndOrdersVersionsNumerically() throws IOException {
        Path repo = Files.createTempDirectory(Path.of("target"), "repo");
        Files.createDirectories(repo.resolve("alpha/2"));
        Files.writeString(repo.resolve("alpha/2/model.xml"), "<net/>");
        Files.createDirectories(repo.resolve("alpha/10"));
        Files.writeString(repo.resolve("alpha/10/model.xml"), "<net/>");
        Files.createDirectories(repo.resolve("alpha/3-incomplete"));
        Files.createDirectories(repo.resolve("beta/1"));
        Files.writeString(repo.resolve("beta/1/model.xml"), "<net/>");
        List<String> keys = ModelRepository.scan(repo).stream().map(ModelSource::key).toList();
        assertEquals(List.of("alpha/2", "alpha/10", "beta/1"), keys);
    }

    @Test
    void newVersionServesAfterReloadAndNoRequestFailsMeanwhile(@TempDir Path repo) throws Exception {
        copyModel(repo.resolve("mobilenet/1"));
        try (ModelRegistry registry = registry(repo)) {
            registry.reload();
            assertTrue(registry.isReady());
            ServedModel v1 = registry.resolve("mobilenet", Optional.empty());
            Inference inference = new Inference(registry, 1_000_000);
            float[] input = TestModels.input(41);
            String inputName = v1.inputs().getFirst().name();
            java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(input.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (float f : input) {
                raw.putFloat(f);
            }
            List<WireTensor> request = List.of(new WireTensor(inputName, WireType.FP32, new long[] {1, 3, 96, 96},
                    raw.array()));

            AtomicBoolean reloading = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            List<Throwable> failures = new ArrayList<>();
            var versionsSeen = ConcurrentHashMap.<String>newKeySet();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    // Bounded: at most 200 requests per client, and it stops once the reload is done.
                    for (int i = 0; i < 200 && (reloading.get() || i < 3); i++) {
                        try {
                            versionsSeen.add(inference.infer("mobilenet", Optional.empty(), request, List.of()).version());
                            ok.incrementAndGet();
                        } catch (Exception e) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    }
                }));
            }
            // Change version 1's files (a new fingerprint) and add version 2 while the clients run.
            Files.setLastModifiedTime(repo.resolve("mobilenet/1/model.xml"), FileTime.fromMillis(1_000_000_000_000L));
            copyModel(repo.resolve("mobilenet/2"));
            registry.reload();
            reloading.set(false);
            for (Thread t : clients) {
                t.join();
            }
            assertEquals(List.of(), failures);
            assertTrue(ok.get() >= 9, "requests answered: " + ok.get());
            assertEquals(List.of("1", "2"), registry.versions("mobilenet"));
            assertEquals("2", registry.resolve("mobilenet", Optional.empty()).version());
            assertNotSame(v1, registry.resolve("mobilenet", Optional.of("1")), "version 1 was reloaded");
            assertTrue(versionsSeen.contains("2") || ok.get() > 0);

            // Removing a version retires it; the other keeps serving.
            for (String f : List.of("model.xml", "model.bin", "metadata.json")) {
                Files.delete(repo.resolve("mobilenet/2").resolve(f));
            }
            ServedModel v1Now = registry.resolve("mobilenet", Optional.of("1"));
            registry.reload();
            assertEquals(List.of("1"), registry.versions("mobilenet"));
            assertSame(v1Now, registry.resolve("mobilenet", Optional.empty()));
            assertThrows(ModelNotFoundException.class, () -> registry.resolve("mobilenet", Optional.of("2")));
        }
    }

    @Test
    void aBrokenReloadKeepsServingThePreviousFiles(@TempDir Path repo) throws Exception {
        copyModel(repo.resolve("mobilenet/1"));
        try (ModelRegistry registry = registry(repo)) {
            registry.reload();
            ServedModel before = registry.resolve("mobilenet", Optional.empty());
            Files.writeString(repo.resolve("mobilenet/1/model.xml"), "<net name='truncated'");
            registry.reload();
            assertSame(before, registry.resolve("mobilenet", Optional.empty()));
            assertTrue(registry.isReady());
        }
    }

    @Test
    void aModelThatNeverLoadedIsUnavailableNotMissing(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("broken/1"));
        Files.writeString(repo.resolve("broken/1/model.xml"), "not xml");
        try (ModelRegistry registry = registry(repo)) {
            registry.reload();
            assertTrue(!registry.isReady());
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
                    () -> registry.resolve("broken", Optional.empty()));
            assertTrue(e.getMessage().startsWith("model broken/1 failed to load: "), e.getMessage());
        }
    }
}
