package dev.panamaedge.tools.dist;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image layout (image-spec v1.1: {@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}) of a
 * distribution, for a registry ({@code skopeo copy oci:DIR docker://…}) or a container runtime. Its one layer
 * holds the distribution at {@value #INSTALL_DIR}; the image runs on a Debian bookworm base (the distribution
 * needs a glibc userland, nothing else), given as {@code baseRootfs} to put it into the image as its first layer,
 * or left to whoever stacks the layer (the manifest names the base in {@code org.opencontainers.image.base.name}).
 * The config's entrypoint is the launcher, its default command {@code --host=0.0.0.0} (every interface; the port is
 * the server's default, {@value #PORT}); the server keeps
 * its model store and class-data archive under {@value #STATE_DIR}, the one volume to mount.
 */
public final class OciImage {
    public static final String INSTALL_DIR = "/opt/panama-edge";
    public static final String STATE_DIR = "/var/lib/panama-edge";
    public static final int PORT = 8080;
    public static final String BASE_NAME = "docker.io/library/debian:bookworm-slim";
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OciImage() {
    }

    /** Writes the layout for {@code dist} (a built distribution) into {@code layout}, replacing an older one. */
    public static void write(Path dist, String version, Optional<Path> baseRootfs, Path layout) throws IOException {
        Distribution.deleteTree(layout);
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        Path work = Files.createDirectories(layout.resolve(".work"));
        List<Blob> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        List<Map<String, Object>> history = new ArrayList<>();
        if (baseRootfs.isPresent()) {
            Path tar = work.resolve("base.tar.gz");
            Tarball.create(baseRootfs.get(), List.of("."), List.of(), tar, true);
            diffIds.add(uncompressedDigest(tar));
            layers.add(Blob.store(tar, LAYER_TYPE, blobs));
            history.add(Map.of("created", "2000-01-01T00:00:00Z", "created_by", "debootstrap --variant=minbase bookworm"));
        }
        Path tar = work.resolve("dist.tar.gz");
        String name = dist.getFileName().toString();
        Tarball.create(dist.getParent(), List.of(name), List.of("s,^" + name + ",opt/panama-edge,"), tar, true);
        diffIds.add(uncompressedDigest(tar));
        layers.add(Blob.store(tar, LAYER_TYPE, blobs));
        history.add(Map.of("created", "2000-01-01T00:00:00Z", "created_by", "edge dist (" + name + ")"));
        Distribution.deleteTree(work);

        Map<String, Object> runConfig = new LinkedHashMap<>();
        runConfig.put("Entrypoint", List.of(INSTALL_DIR + "/bin/edge-serve"));
        // Every interface as a default argument, not EDGE_HOST: arguments given to the container (Kubernetes'
        // args, such as --config FILE) replace it, where an environment variable would override their file.
        runConfig.put("Cmd", List.of("--host=0.0.0.0"));
        runConfig.put("Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "EDGE_MODEL_STORE=" + STATE_DIR + "/models", "CACHE_DIRECTORY=" + STATE_DIR + "/cache"));
        runConfig.put("ExposedPorts", Map.of(PORT + "/tcp", Map.of()));
        runConfig.put("Volumes", Map.of(STATE_DIR, Map.of()));
        runConfig.put("WorkingDir", "/");
        runConfig.put("StopSignal", "SIGTERM");
        runConfig.put("Labels", Map.of("org.opencontainers.image.title", "panama-edge",
                "org.opencontainers.image.version", version));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", "2000-01-01T00:00:00Z");
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("config", runConfig);
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        config.put("history", history);
        Blob configBlob = Blob.store(JSON.writeValueAsBytes(config), CONFIG_TYPE, blobs);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MANIFEST_TYPE);
        manifest.put("config", configBlob.descriptor());
        manifest.put("layers", layers.stream().map(Blob::descriptor).toList());
        if (baseRootfs.isEmpty()) {
            manifest.put("annotations", Map.of("org.opencontainers.image.base.name", BASE_NAME));
        }
        Blob manifestBlob = Blob.store(JSON.writeValueAsBytes(manifest), MANIFEST_TYPE, blobs);

        Map<String, Object> entry = new LinkedHashMap<>(manifestBlob.descriptor());
        entry.put("platform", Map.of("architecture", "amd64", "os", "linux"));
        entry.put("annotations", Map.of("org.opencontainers.image.ref.name", version));
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.put("manifests", List.of(entry));
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    /** The diff_id of a gzip'd layer: the digest of its uncompressed tar. */
    static String uncompressedDigest(Path gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzip), 1 << 16)) {
            return digest(in);
        }
    }

    static String digest(InputStream in) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (var digesting = new DigestInputStream(in, sha)) {
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}
