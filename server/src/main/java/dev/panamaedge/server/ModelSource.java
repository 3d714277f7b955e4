package dev.panamaedge.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One model version on disk: {@code model.xml} (with its {@code .bin} and optional {@code metadata.json}
 * beside it) and a fingerprint of those files, so a reload can tell what changed.
 */
public record ModelSource(String name, String version, Path modelXml, String fingerprint) {
    public ModelSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modelXml, "modelXml");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("bad model name '" + name + "'");
        }
    }

    public String key() {
        return name + "/" + version;
    }
}
