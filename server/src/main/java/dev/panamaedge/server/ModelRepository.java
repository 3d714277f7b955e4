package dev.panamaedge.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a model repository laid out as {@code {root}/{model}/{version}/model.xml} (plus {@code model.bin}
 * and an optional {@code metadata.json}), the layout OVMS and Triton use. Directories without a
 * {@code model.xml} are ignored, so a version being copied in appears only once its xml is there.
 */
public final class ModelRepository {
    private ModelRepository() {
    }

    /** Every model version under {@code root}, sorted by name then version. */
    public static List<ModelSource> scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("model repository " + root + " is not a directory");
        }
        List<ModelSource> found = new ArrayList<>();
        try (Stream<Path> models = Files.list(root)) {
            for (Path modelDir : models.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> versions = Files.list(modelDir)) {
                    for (Path versionDir : versions.filter(Files::isDirectory).sorted().toList()) {
                        Path xml = versionDir.resolve("model.xml");
                        if (Files.isRegularFile(xml)) {
                            found.add(single(modelDir.getFileName().toString(),
                                    versionDir.getFileName().toString(), xml));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model repository " + root, e);
        }
        found.sort(Comparator.comparing(ModelSource::name).thenComparing(ModelSource::version, VERSION_ORDER));
        return found;
    }

    /** One model file served under {@code name}/{@code version}. */
    public static ModelSource single(String name, String version, Path modelXml) {
        return new ModelSource(name, version, modelXml, fingerprint(modelXml));
    }

    /** Numeric versions compare as numbers (2 before 10); others as text, after the numeric ones. */
    public static final Comparator<String> VERSION_ORDER = (a, b) -> {
        boolean na = a.chars().allMatch(Character::isDigit) && !a.isEmpty() && a.length() < 19;
        boolean nb = b.chars().allMatch(Character::isDigit) && !b.isEmpty() && b.length() < 19;
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    };

    /** Sizes and modification times of the files that make up the model version. */
    static String fingerprint(Path modelXml) {
        String base = modelXml.getFileName().toString().replaceFirst("\\.xml$", "");
        StringBuilder b = new StringBuilder();
        for (Path p : List.of(modelXml, modelXml.resolveSibling(base + ".bin"),
                modelXml.resolveSibling("metadata.json"))) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                b.append(p.getFileName()).append(':').append(a.size()).append(':')
                        .append(a.lastModifiedTime().toMillis()).append(';');
            } catch (IOException e) {
                b.append(p.getFileName()).append(":absent;");
            }
        }
        return b.toString();
    }
}
