package dev.panamaedge.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.tools.dist.DistributionBuild;
import dev.panamaedge.tools.quant.ModelPuller;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./edge dist} tarball on a clean machine: unpacked into a minimal Debian root (debootstrap minbase:
 * no JDK, Maven or Python) at {@code /opt/panama-edge}, run there under chroot as the systemd unit runs it
 * ({@code bin/edge-serve}, {@code bin/edge-wait-ready}), asked over HTTP, stopped with SIGTERM.
 */
final class DistributionChrootTest {
    private static final String STORE = "/var/lib/panama-edge/models";
    @RegisterExtension
    static final FreshDebianRoot ROOT = new FreshDebianRoot();

    @Test
    void thePulledModelInAStoreClassifiesRealPhotosAndSigtermStopsItCleanly(@TempDir Path tmp) throws Exception {
        Path root = unpackedInDebian(tmp);
        // The pretrained model, pulled on the build machine (edge models pull, offline from ../shared), then
        // carried to the gateway's model store.
        ModelPuller.pull(ModelStore.PRETRAINED_NAME, Optional.of(CoralModel.directory()),
                new ModelStore(root.resolve(STORE.substring(1))), false, new PrintWriter(new StringWriter()));
        int port = freePort();
        try (Chroot server = Chroot.serveReady(root, env(port), List.of("/opt/panama-edge/bin/edge-serve"), port,
                tmp.resolve("serve.log"))) {
            assertEquals(200, ServedPhotos.status(port, "/v2/health/live"));
            List<String> cat = ServedPhotos.top5(port, "mobilenet_v2", "cat_720p.jpg"); // TurboJPEG
            assertTrue(ServedPhotos.CATS.contains(cat.getFirst()), "top-1 of cat_720p.jpg: " + cat);
            List<String> hopper = ServedPhotos.top5(port, "mobilenet_v2", "grace_hopper.bmp"); // ImageIO
            assertTrue(hopper.contains("military uniform"), "top-5 of grace_hopper.bmp: " + hopper);
            // PNG, ImageIO too, on the runtime edge dist trims (java.desktop in part: HollowPackages).
            List<String> png = ServedPhotos.top5(port, "mobilenet_v2", ServedPhotos.asPng("grace_hopper.bmp"),
                    "image/png", "grace_hopper.bmp as PNG");
            assertEquals(hopper, png, "the same pixels as PNG");
            String log = server.output();
            assertTrue(log.contains("serving the pretrained model"), log);
            // The launcher resolves /opt/panama-edge to the release it links to, and loads what that one carries.
            String release = "/opt/" + DistUnderTest.get().directory().getFileName();
            assertTrue(log.contains("TurboJPEG from " + release + "/lib/native/libturbojpeg.so.0"), log);
            assertTrue(log.contains("loaded from " + release + "/lib/openvino/libopenvino_c.so"), log);

            assertEquals(143, server.terminate(Duration.ofSeconds(60)), server.output());
            assertTrue(server.output().contains("edge: stopped"), server.output());
        }
    }

    @Test
    void anEmptyStoreGetsTheEmbeddedDefaultModelGeneratedAndServed(@TempDir Path tmp) throws Exception {
        Path root = unpackedInDebian(tmp);
        int port = freePort();
        try (Chroot server = Chroot.serveReady(root, env(port), List.of("/opt/panama-edge/bin/edge-serve"), port,
                tmp.resolve("serve.log"))) {
            assertTrue(Files.isRegularFile(root.resolve(STORE.substring(1))
                    .resolve(ModelStore.mobileNetV2Name(ModelStore.DEFAULT_SPEC, ModelStore.DEFAULT_SEED))
                    .resolve("model.xml")), "the default model is generated into the store");
            assertEquals(5, ServedPhotos.top5(port, "mobilenet_v2", "owl.jpg").size());
            assertTrue(server.output().contains("weights are untrained"), server.output());
            assertEquals(143, server.terminate(Duration.ofSeconds(60)), server.output());
        }
    }

    @Test
    void theRootHasNoJdkMavenOrPythonAndTheReadinessWaitGivesUpWhenNothingAnswers(@TempDir Path tmp) throws Exception {
        Path root = unpackedInDebian(tmp);
        var found = Chroot.run(root, Map.of("PATH", "/usr/bin:/bin"),
                List.of("sh", "-c", "command -v java javac mvn python3 python; echo done"), Duration.ofSeconds(30));
        assertEquals("done", found.output().strip(), "tools in the root: " + found.output());
        var version = Chroot.run(root, Map.of("PATH", "/usr/bin:/bin"),
                List.of("/opt/panama-edge/runtime/bin/java", "--list-modules"), Duration.ofSeconds(30));
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().contains("jdk.incubator.vector"), version.output());
        assertFalse(version.output().contains("jdk.compiler"), "a linked runtime, not a JDK: " + version.output());
        // The readiness wait gives up, saying so, when nothing answers.
        var wait = Chroot.run(root, Map.of("PATH", "/usr/bin:/bin"), List.of("/opt/panama-edge/bin/edge-wait-ready",
                "1", "http://127.0.0.1:" + freePort() + "/v2/health/ready"), Duration.ofSeconds(60));
        assertEquals(1, wait.exitCode(), wait.output());
        assertTrue(wait.output().contains("not ready after 1 s"), wait.output());
    }

    /** A fresh Debian root with the tarball unpacked at /opt, linked as /opt/panama-edge as the unit expects. */
    private static Path unpackedInDebian(Path tmp) throws Exception {
        DistributionBuild.Result dist = DistUnderTest.get();
        Path root = ROOT.copyTo(tmp.resolve("root"));
        Path opt = Files.createDirectories(root.resolve("opt"));
        Commands.run(List.of("tar", "-xzf", dist.tarball().toString(), "-C", opt.toString()), Duration.ofMinutes(2));
        Files.createSymbolicLink(opt.resolve("panama-edge"), dist.directory().getFileName());
        return root;
    }

    private static Map<String, String> env(int port) {
        return Map.of("PATH", "/usr/bin:/bin", "HOME", "/root", "EDGE_PORT", Integer.toString(port),
                "EDGE_MODEL_STORE", STORE);
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
