package dev.panamaedge.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.panamaedge.tools.dist.OciImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image layout of {@code ./edge dist}, read as a container runtime reads it: index → manifest → config and
 * layers, every digest and size checked, the layers unpacked in manifest order onto a Debian root, and the
 * config's entrypoint run there under chroot with the config's environment.
 */
final class OciImageTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @RegisterExtension
    static final FreshDebianRoot ROOT = new FreshDebianRoot();

    @Test
    void everyBlobMatchesItsDigestAndSizeAndTheLayersMatchTheDiffIds() throws Exception {
        Path layout = DistUnderTest.get().image();
        assertEquals("1.0.0", JSON.readTree(layout.resolve("oci-layout").toFile()).get("imageLayoutVersion").asText());
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertEquals(2, index.get("schemaVersion").asInt());
        assertEquals(1, index.get("manifests").size());
        JsonNode manifest = blob(layout, index.get("manifests").get(0), "application/vnd.oci.image.manifest.v1+json");
        JsonNode config = blob(layout, manifest.get("config"), "application/vnd.oci.image.config.v1+json");
        assertEquals("linux", config.get("os").asText());
        assertEquals("amd64", config.get("architecture").asText());
        JsonNode diffIds = config.get("rootfs").get("diff_ids");
        assertEquals(manifest.get("layers").size(), diffIds.size());
        for (int i = 0; i < diffIds.size(); i++) {
            JsonNode layer = manifest.get("layers").get(i);
            assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layer.get("mediaType").asText());
            Path file = verified(layout, layer);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                assertEquals(diffIds.get(i).asText(), sha256(in), "diff_id of layer " + i);
            }
        }
    }

    @Test
    void theEntrypointServesFromTheUnpackedLayersOnDebianAndStopsOnSigterm(@TempDir Path tmp) throws Exception {
        Path layout = DistUnderTest.get().image();
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = blob(layout, index.get("manifests").get(0), "application/vnd.oci.image.manifest.v1+json");
        JsonNode config = blob(layout, manifest.get("config"), "application/vnd.oci.image.config.v1+json").get("config");
        Path root = ROOT.copyTo(tmp.resolve("root"));
        for (JsonNode layer : manifest.get("layers")) {
            Commands.run(List.of("tar", "-xzf", verified(layout, layer).toString(), "-C", root.toString()),
                    Duration.ofMinutes(2));
        }
        List<String> command = new ArrayList<>();
        config.get("Entrypoint").forEach(e -> command.add(e.asText()));
        assertEquals(List.of("/opt/panama-edge/bin/edge-serve"), command);
        config.get("Cmd").forEach(e -> command.add(e.asText()));
        assertEquals("--host=0.0.0.0", command.getLast());
        assertTrue(config.get("ExposedPorts").has(OciImage.PORT + "/tcp"), config.toString());
        Map<String, String> env = new LinkedHashMap<>();
        config.get("Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            env.put(kv[0], kv[1]);
        });
        // The server's default port is the exposed one, but 8080 may be taken on the test machine: the one change,
        // made as a container runtime's extra argument would make it.
        int port = DistributionChrootTest.freePort();
        command.add("--port=" + port);
        try (Chroot server = Chroot.serveReady(root, env, command, port, tmp.resolve("serve.log"))) {
            assertEquals(5, ServedPhotos.top5(port, "mobilenet_v2", "cat_720p.jpg").size());
            assertTrue(Files.isDirectory(root.resolve(env.get("EDGE_MODEL_STORE").substring(1))),
                    "the model store is in the image's volume " + env.get("EDGE_MODEL_STORE"));
            assertTrue(server.output().contains("0.0.0.0:" + port), "listens on every interface: " + server.output());
            assertEquals(143, server.terminate(Duration.ofSeconds(60)), server.output());
        }
    }

    /** A descriptor's blob, digest and size checked, parsed as JSON of the media type it declares. */
    private static JsonNode blob(Path layout, JsonNode descriptor, String mediaType) throws IOException {
        assertEquals(mediaType, descriptor.get("mediaType").asText());
        JsonNode json = JSON.readTree(verified(layout, descriptor).toFile());
        if (json.has("mediaType")) {
            assertEquals(mediaType, json.get("mediaType").asText());
        }
        return json;
    }

    private static Path verified(Path layout, JsonNode descriptor) throws IOException {
        String digest = descriptor.get("digest").asText();
        assertTrue(digest.startsWith("sha256:"), digest);
        Path file = layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        assertEquals(descriptor.get("size").asLong(), Files.size(file), "size of " + digest);
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(digest, sha256(in), "content of " + file);
        }
        return file;
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            var digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
