package dev.panamaedge.models.ir;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a model came from, recorded in its metadata sidecar.
 *
 * @param source    what the model was made from: a source file path, or {@code seeded} for a generated model
 * @param createdBy the tool and version that wrote it ({@code panama-edge MobileNetV2 generator v1})
 * @param createdAt ISO-8601 timestamp with offset ({@code 2026-11-28T23:24:00Z})
 * @param sha256    lower-case hex SHA-256 of the source file, or empty when there is none
 * @param details   free-form facts: width, resolution, classes, seed, label origin, …
 */
public record Provenance(String source, String createdBy, String createdAt, String sha256,
                         Map<String, String> details) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Provenance {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(sha256, "sha256");
        try {
            OffsetDateTime.parse(createdAt);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("createdAt '" + createdAt + "' is not an ISO-8601 timestamp with offset",
                    e);
        }
        if (!sha256.isEmpty() && !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits or empty, got '" + sha256 + "'");
        }
        // Sorted, so the written file does not depend on map iteration order.
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }
}
