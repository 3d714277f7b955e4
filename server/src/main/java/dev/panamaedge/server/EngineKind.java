package dev.panamaedge.server;

import java.util.Locale;

/** Which engine runs a model: OpenVINO through FFM, or the pure-Java reference engine. */
public enum EngineKind {
    NATIVE, REFERENCE;

    /** Parses {@code native} or {@code reference}, case-insensitively. */
    public static EngineKind parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "native", "openvino" -> NATIVE;
            case "reference", "java" -> REFERENCE;
            default -> throw new IllegalArgumentException("engine must be native or reference, got '" + s + "'");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
