package dev.panamaedge.openvino;

import dev.panamaedge.models.ir.IrWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One sub-directory of a {@code CACHE_DIR} per model content, so a changed model never meets a stale blob.
 *
 * <p>Why: OpenVINO keys a blob compiled from a file by the file's path and the compile properties, not by
 * the weights (a {@code model.bin} replaced with other weights of the same layout kept serving the old ones,
 * across restarts). Here the key is SHA-256 over the model files' bytes, the OpenVINO build, the device and
 * the properties; OpenVINO's own cache then works inside {@code <cacheDir>/ov-<key>}. Hashing reads the
 * files once (a few ms for MobileNetV2's 3.5 MB; see {@code CompiledModelCacheTest}).
 *
 * <p>Bounded: each entry records the model file it was compiled from; after a compile, entries whose model
 * file is gone, all but the {@value #KEEP_PER_MODEL} most recently used ones per model file, and blobs left
 * in the top level by the older path-keyed layout are deleted.
 */
final class CompiledModelCache {
    private static final System.Logger LOG = System.getLogger(CompiledModelCache.class.getName());
    static final int KEEP_PER_MODEL = 2;
    static final String ENTRY_PREFIX = "ov-";
    static final String SOURCE_FILE = "source";

    private CompiledModelCache() {
    }

    /** The files a compile of {@code modelFile} reads: an IR's xml and bin, or the one file of other formats. */
    static List<Path> inputsOf(Path modelFile) {
        Path bin = IrWeights.binOf(modelFile);
        boolean ir = modelFile.getFileName().toString().endsWith(".xml");
        return ir && Files.exists(bin) ? List.of(modelFile, bin) : List.of(modelFile);
    }

    /** The entry directory for this content, device and properties (without {@code CACHE_DIR} itself). */
    static Path entry(Path cacheDir, Path modelFile, String openVinoVersion, String device, List<String> pairs) {
        MessageDigest sha = sha256();
        update(sha, "panama-edge compiled-model cache 1");
        update(sha, openVinoVersion);
        update(sha, device);
        for (String p : pairs) {
            update(sha, p);
        }
        for (Path file : inputsOf(modelFile)) {
            update(sha, file.getFileName().toString());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
                while (channel.read(chunk.clear()) >= 0) {
                    sha.update(chunk.flip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.getFileName() + " to key the compiled-model cache", e);
            }
        }
        String key = HexFormat.of().formatHex(sha.digest(), 0, 16);
        return cacheDir.resolve(ENTRY_PREFIX + key);
    }

    /** Size and modification time of each input, to notice a file replaced while it was hashed and compiled. */
    static List<String> stamps(Path modelFile) {
        List<String> out = new ArrayList<>();
        for (Path file : inputsOf(modelFile)) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                out.add(a.size() + ":" + a.lastModifiedTime().toMillis() + ":" + a.fileKey());
            } catch (IOException e) {
                out.add("absent");
            }
        }
        return out;
    }

    /** Marks {@code entry} as used now by {@code modelFile}, then prunes the cache around it. */
    static void used(Path cacheDir, Path entry, Path modelFile) {
        try {
            Files.createDirectories(entry);
            Path source = entry.resolve(SOURCE_FILE);
            Files.writeString(source, modelFile.toAbsolutePath().toString(), StandardCharsets.UTF_8);
            Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
            prune(cacheDir, entry);
        } catch (IOException | UncheckedIOException e) {
            // A cache that cannot be tidied still compiles correctly; say so and go on.
            LOG.log(System.Logger.Level.WARNING, "cannot prune the compiled-model cache " + cacheDir + ": " + e);
        }
    }

    /** Deletes an entry whose content changed while it was compiled, so it is never mistaken for that content. */
    static void discard(Path entry) {
        try {
            deleteTree(entry);
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the compiled-model cache entry " + entry + ": " + e);
        }
    }

    static void prune(Path cacheDir, Path keep) throws IOException {
        Map<String, List<Path>> bySource = new HashMap<>();
        List<Path> children;
        try (Stream<Path> list = Files.list(cacheDir)) {
            children = list.toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (Files.isRegularFile(child) && name.endsWith(".blob")) {
                Files.deleteIfExists(child); // the path-keyed layout before content keys: never valid again
                continue;
            }
            if (!name.startsWith(ENTRY_PREFIX) || !Files.isDirectory(child) || child.equals(keep)) {
                continue;
            }
            String source;
            try {
                source = Files.readString(child.resolve(SOURCE_FILE), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                continue; // being written by a compile right now, or left by a crash: too young to judge
            }
            if (!Files.exists(Path.of(source))) {
                deleteTree(child);
            } else {
                bySource.computeIfAbsent(source, k -> new ArrayList<>()).add(child);
            }
        }
        String kept = Files.readString(keep.resolve(SOURCE_FILE), StandardCharsets.UTF_8);
        for (Map.Entry<String, List<Path>> e : bySource.entrySet()) {
            List<Path> entries = new ArrayList<>(e.getValue());
            entries.sort(Comparator.comparing(CompiledModelCache::lastUsed).reversed());
            int room = e.getKey().equals(kept) ? KEEP_PER_MODEL - 1 : KEEP_PER_MODEL;
            for (Path stale : entries.subList(Math.min(room, entries.size()), entries.size())) {
                deleteTree(stale);
            }
        }
    }

    private static FileTime lastUsed(Path entry) {
        try {
            return Files.getLastModifiedTime(entry.resolve(SOURCE_FILE));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).flip());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
