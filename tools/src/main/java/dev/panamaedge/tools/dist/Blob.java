package dev.panamaedge.tools.dist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** A content-addressed blob of an OCI layout and its descriptor (media type, digest, size). */
record Blob(String mediaType, String digest, long size) {

    /** Moves {@code file} into {@code blobs} under its digest. */
    static Blob store(Path file, String mediaType, Path blobs) throws IOException {
        String digest;
        try (var in = Files.newInputStream(file)) {
            digest = OciImage.digest(in);
        }
        long size = Files.size(file);
        Files.move(file, blobs.resolve(hex(digest)), StandardCopyOption.REPLACE_EXISTING);
        return new Blob(mediaType, digest, size);
    }

    static Blob store(byte[] content, String mediaType, Path blobs) throws IOException {
        String digest = OciImage.digest(new ByteArrayInputStream(content));
        Files.write(blobs.resolve(hex(digest)), content);
        return new Blob(mediaType, digest, content.length);
    }

    static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    Map<String, Object> descriptor() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }
}
