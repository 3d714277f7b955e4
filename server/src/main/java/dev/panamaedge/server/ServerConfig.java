package dev.panamaedge.server;

import dev.panamaedge.server.security.SecuritySettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Server configuration, read once at start-up (STYLE §2.13) from, in rising precedence: built-in
 * defaults, a YAML file's {@code edge:} node, {@code EDGE_*} environment variables, then CLI flags.
 * Keys are listed in {@link #KEYS}; per-model overrides live under {@code edge.models.<name>} in the file.
 *
 * @param model          one model.xml (or its directory) to serve, instead of a repository
 * @param modelName      the name that single model is served under
 * @param reloadMillis   repository poll interval; 0 turns hot reload off
 * @param drainMillis    on shutdown, how long in-flight requests get to finish
 * @param repositoryAccess whether clients may load and unload models ({@code repository-control})
 * @param connections    connection and stream caps, idle timeout
 * @param security       TLS, authentication and the Host/Origin checks
 */
public record ServerConfig(String host, int port, Optional<Path> repository, Optional<Path> model,
                           Optional<String> modelName, Optional<String> defaultModel, ModelSettings defaults,
                           Map<String, ModelSettings> perModel, Limits limits, double shadowSampleRate,
                           long reloadMillis, long drainMillis, RepositoryAccess repositoryAccess,
                           ConnectionLimits connections, SecuritySettings security) {
    /** Every top-level key; an unknown key in any source is an error, so typos do not pass silently. */
    public static final List<String> KEYS = Stream.concat(Stream.of("host", "port", "repository", "model", "model-name",
            "default-model", "engine", "device", "hint", "inference-precision", "streams", "threads", "cache-dir", "queue-capacity",
            "concurrency", "max-request-bytes", "max-image-pixels", "shadow-sample-rate", "reload-interval-ms",
            "drain-ms", "repository-control", "max-batch-size", "preferred-batch-sizes", "max-queue-delay",
            "max-connections", "idle-timeout-ms", "max-streams-per-connection", "body-read-timeout-ms",
            "memory-budget-bytes"),
            SecuritySettings.KEYS.stream()).toList();
    private static final List<String> MODEL_KEYS = List.of("engine", "device", "hint", "inference-precision", "streams", "threads",
            "cache-dir", "queue-capacity", "concurrency", "max-batch-size", "preferred-batch-sizes", "max-queue-delay");

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (repository.isPresent() && model.isPresent()) {
            throw new IllegalArgumentException("give either a model or a repository, not both");
        }
        if (!(shadowSampleRate >= 0 && shadowSampleRate <= 1)) {
            throw new IllegalArgumentException("shadow-sample-rate must be in [0, 1], got " + shadowSampleRate);
        }
        if (reloadMillis < 0 || drainMillis < 0) {
            throw new IllegalArgumentException("reload-interval-ms and drain-ms must be non-negative");
        }
        perModel = Map.copyOf(perModel);
        Objects.requireNonNull(repositoryAccess, "repositoryAccess");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(security, "security");
    }

    /** The settings for {@code model}: its overrides, else the defaults. */
    public ModelSettings settingsFor(String model) {
        return perModel.getOrDefault(model, defaults);
    }

    /**
     * Reads and merges the sources.
     *
     * @param file  YAML file with an {@code edge:} node, if any
     * @param env   the environment ({@code EDGE_PORT=9000} sets {@code port})
     * @param flags CLI flags by key ({@code port → 9000})
     * @throws IllegalArgumentException naming the bad key or value
     */
    public static ServerConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return load(file, env, flags, Map.of());
    }

    /**
     * As {@link #load(Optional, Map, Map)}, under caller defaults that every source overrides (the CLI puts
     * OpenVINO's compiled-model cache in the model store this way).
     */
    public static ServerConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags,
                                    Map<String, String> callerDefaults) {
        Map<String, String> merged = new LinkedHashMap<>();
        callerDefaults.forEach((k, v) -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown default setting '" + k + "'; known: " + KEYS);
            }
            merged.put(k, v);
        });
        Map<String, Map<String, String>> models = new TreeMap<>();
        file.ifPresent(f -> readFile(f, merged, models));
        for (String key : KEYS) {
            String v = env.get("EDGE_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (v != null) {
                merged.put(key, v);
            }
        }
        flags.forEach((k, v) -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown setting '" + k + "'; known: " + KEYS);
            }
            merged.put(k, v);
        });
        ModelSettings defaults = settings(merged, ModelSettings.defaults(), "");
        Map<String, ModelSettings> perModel = new HashMap<>();
        models.forEach((name, m) -> perModel.put(name, settings(m, defaults, "models." + name + ".")));
        Limits limits = new Limits(longValue(merged, "max-request-bytes", Limits.defaults().maxRequestBytes()),
                longValue(merged, "max-image-pixels", Limits.defaults().maxImagePixels()),
                longValue(merged, "body-read-timeout-ms", Limits.defaults().bodyReadTimeoutMillis()),
                longValue(merged, "memory-budget-bytes", RequestMemory.defaultBytes()));
        SecuritySettings security = SecuritySettings.from(merged);
        return new ServerConfig(merged.getOrDefault("host", "127.0.0.1"), (int) longValue(merged, "port", 8080),
                path(merged, "repository"), path(merged, "model"), Optional.ofNullable(merged.get("model-name")),
                Optional.ofNullable(merged.get("default-model")), defaults, perModel, limits,
                doubleValue(merged, "shadow-sample-rate", 0), longValue(merged, "reload-interval-ms", 2000),
                longValue(merged, "drain-ms", 30_000), RepositoryAccess.of(merged.getOrDefault("repository-control", "auto"),
                merged.getOrDefault("host", "127.0.0.1"), security.authenticates()), connectionLimits(merged), security);
    }

    private static ConnectionLimits connectionLimits(Map<String, String> merged) {
        ConnectionLimits d = ConnectionLimits.defaults();
        return new ConnectionLimits((int) longValue(merged, "max-connections", d.maxConnections()),
                longValue(merged, "idle-timeout-ms", d.idleTimeoutMillis()),
                longValue(merged, "max-streams-per-connection", d.maxStreamsPerConnection()));
    }

    private static void readFile(Path file, Map<String, String> merged, Map<String, Map<String, String>> models) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        }
        Config root = Config.just(ConfigSources.file(file));
        Map<String, String> flat = root.get("edge").detach().asMap().orElse(Map.of());
        flat.forEach((k, v) -> {
            if (k.startsWith("models.")) {
                String rest = k.substring("models.".length());
                int dot = rest.indexOf('.');
                if (dot < 0 || !MODEL_KEYS.contains(rest.substring(dot + 1))) {
                    throw new IllegalArgumentException(file + ": unknown setting edge." + k + "; per-model keys: "
                            + MODEL_KEYS);
                }
                models.computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>())
                        .put(rest.substring(dot + 1), v);
            } else if (KEYS.contains(k)) {
                merged.put(k, v);
            } else {
                throw new IllegalArgumentException(file + ": unknown setting edge." + k + "; known: " + KEYS);
            }
        });
    }

    private static ModelSettings settings(Map<String, String> m, ModelSettings base, String prefix) {
        try {
            return new ModelSettings(
                    m.containsKey("engine") ? EngineKind.parse(m.get("engine")) : base.engine(),
                    m.getOrDefault("device", base.device()),
                    m.getOrDefault("hint", base.hint()).toUpperCase(Locale.ROOT),
                    m.getOrDefault("inference-precision", base.precision()),
                    (int) longValue(m, "streams", base.streams()),
                    (int) longValue(m, "threads", base.threads()),
                    m.containsKey("cache-dir") ? cacheDir(m.get("cache-dir")) : base.cacheDir(),
                    (int) longValue(m, "queue-capacity", base.queueCapacity()),
                    (int) longValue(m, "concurrency", base.concurrency()),
                    new Batching((int) longValue(m, "max-batch-size", base.batching().maxBatchSize()),
                            m.containsKey("preferred-batch-sizes") ? Batching.parseSizes(m.get("preferred-batch-sizes"))
                                    : base.batching().preferredBatchSizes(),
                            longValue(m, "max-queue-delay", base.batching().maxQueueDelayMicros())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix.isEmpty() ? e.getMessage() : prefix + ": " + e.getMessage(), e);
        }
    }

    /** {@code none} (or an empty value) turns a default cache off. */
    private static Optional<Path> cacheDir(String value) {
        return value.isBlank() || value.trim().equals("none") ? Optional.empty() : Optional.of(Path.of(value.trim()));
    }

    private static Optional<Path> path(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v));
    }

    private static long longValue(Map<String, String> m, String key, long fallback) {
        String v = m.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
        }
    }

    private static double doubleValue(Map<String, String> m, String key, double fallback) {
        String v = m.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
        }
    }
}
