package dev.panamaedge.openvino;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to compile a model: the device and typed OpenVINO properties, plus raw ones for everything else.
 *
 * <p>Devices are OpenVINO's names: {@code CPU}, {@code GPU}, {@code NPU}, {@code AUTO}, {@code AUTO:GPU,CPU},
 * {@code HETERO:GPU,CPU}, {@code MULTI:…}. The compile checks every named device against the available ones
 * first and throws {@link DeviceNotAvailableException} listing them.
 *
 * @param device    target device; default {@code CPU}
 * @param hint      {@code PERFORMANCE_HINT}; empty leaves the device default
 * @param streams   {@code NUM_STREAMS}, at least 1
 * @param threads   {@code INFERENCE_NUM_THREADS}, at least 1
 * @param cacheDir  {@code CACHE_DIR}: compiled blobs are cached there and reused by the next compile
 * @param profiling {@code PERF_COUNT=YES}: per-layer timings and exec types from
 *                  {@link InferRequest#profilingInfo()}
 * @param extra     raw OpenVINO properties (string values), e.g. {@code ENABLE_CPU_PINNING=NO}; a key that a
 *                  typed field also sets is rejected as ambiguous
 * @param requests  how many infer requests {@link OpenVinoEngine} creates; not an OpenVINO property, default
 *                  {@link RequestPoolSize#optimal()}
 */
public record CompileOptions(String device, Optional<PerformanceHint> hint, OptionalInt streams,
        OptionalInt threads, Optional<Path> cacheDir, boolean profiling, Map<String, String> extra,
        RequestPoolSize requests) {

    static final String KEY_HINT = "PERFORMANCE_HINT";
    static final String KEY_STREAMS = "NUM_STREAMS";
    static final String KEY_THREADS = "INFERENCE_NUM_THREADS";
    static final String KEY_CACHE_DIR = "CACHE_DIR";
    static final String KEY_PROFILING = "PERF_COUNT";
    /**
     * ov_core_compile_model reads this key's value as an {@code ov_encryption_callbacks*} and calls through
     * it (GET_PROPERTY_FROM_ARGS_LIST in the C layer's common.h); a string there would crash the JVM.
     */
    static final String KEY_ENCRYPTION_CALLBACKS = "CACHE_ENCRYPTION_CALLBACKS";

    public CompileOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(requests, "requests");
        if (device.isBlank()) {
            throw new IllegalArgumentException("device must not be blank");
        }
        if (streams.isPresent() && streams.getAsInt() < 1) {
            throw new IllegalArgumentException("streams must be at least 1, got " + streams.getAsInt());
        }
        if (threads.isPresent() && threads.getAsInt() < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads.getAsInt());
        }
        extra = Map.copyOf(extra);
        for (String key : extra.keySet()) {
            if (key.isBlank()) {
                throw new IllegalArgumentException("extra property with a blank key");
            }
            if (key.equals(KEY_ENCRYPTION_CALLBACKS)) {
                throw new IllegalArgumentException(KEY_ENCRYPTION_CALLBACKS
                        + " takes function pointers, not a string; it cannot be set through CompileOptions");
            }
        }
        checkNotTyped(extra, KEY_HINT, hint.isPresent());
        checkNotTyped(extra, KEY_STREAMS, streams.isPresent());
        checkNotTyped(extra, KEY_THREADS, threads.isPresent());
        checkNotTyped(extra, KEY_CACHE_DIR, cacheDir.isPresent());
        checkNotTyped(extra, KEY_PROFILING, profiling);
    }

    private static void checkNotTyped(Map<String, String> extra, String key, boolean typedIsSet) {
        if (typedIsSet && extra.containsKey(key)) {
            throw new IllegalArgumentException("property " + key + " is set both as a typed option and in extra");
        }
    }

    /** CPU with the device's defaults. */
    public static CompileOptions cpu() {
        return device("CPU");
    }

    /** {@code device} with the device's defaults. */
    public static CompileOptions device(String device) {
        return new CompileOptions(device, Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Optional.empty(), false, Map.of(), RequestPoolSize.optimal());
    }

    public CompileOptions withDevice(String newDevice) {
        return new CompileOptions(newDevice, hint, streams, threads, cacheDir, profiling, extra, requests);
    }

    public CompileOptions withHint(PerformanceHint newHint) {
        return new CompileOptions(device, Optional.of(newHint), streams, threads, cacheDir, profiling, extra,
                requests);
    }

    public CompileOptions withStreams(int newStreams) {
        return new CompileOptions(device, hint, OptionalInt.of(newStreams), threads, cacheDir, profiling, extra,
                requests);
    }

    public CompileOptions withThreads(int newThreads) {
        return new CompileOptions(device, hint, streams, OptionalInt.of(newThreads), cacheDir, profiling, extra,
                requests);
    }

    public CompileOptions withCacheDir(Path dir) {
        return new CompileOptions(device, hint, streams, threads, Optional.of(dir), profiling, extra, requests);
    }

    /** These options without {@code CACHE_DIR}: what a compiled blob depends on. */
    public CompileOptions withoutCacheDir() {
        return new CompileOptions(device, hint, streams, threads, Optional.empty(), profiling, extra, requests);
    }

    public CompileOptions withProfiling(boolean enabled) {
        return new CompileOptions(device, hint, streams, threads, cacheDir, enabled, extra, requests);
    }

    public CompileOptions withRequests(RequestPoolSize newRequests) {
        return new CompileOptions(device, hint, streams, threads, cacheDir, profiling, extra, newRequests);
    }

    /** Adds one raw property; replaces an earlier value for the same key. */
    public CompileOptions withExtra(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(extra);
        more.put(key, value);
        return new CompileOptions(device, hint, streams, threads, cacheDir, profiling, more, requests);
    }

    /**
     * The properties as OpenVINO's variadic key/value list, typed ones first, extra ones sorted by key so
     * the same options always give the same call: always an even count.
     */
    List<String> propertyPairs() {
        List<String> pairs = new ArrayList<>();
        hint.ifPresent(h -> add(pairs, KEY_HINT, h.name()));
        streams.ifPresent(s -> add(pairs, KEY_STREAMS, Integer.toString(s)));
        threads.ifPresent(t -> add(pairs, KEY_THREADS, Integer.toString(t)));
        cacheDir.ifPresent(dir -> add(pairs, KEY_CACHE_DIR, dir.toAbsolutePath().toString()));
        if (profiling) {
            add(pairs, KEY_PROFILING, "YES");
        }
        extra.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> add(pairs, e.getKey(), e.getValue()));
        return List.copyOf(pairs);
    }

    private static void add(List<String> pairs, String key, String value) {
        pairs.add(key);
        pairs.add(value);
    }
}
