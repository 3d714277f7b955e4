package dev.panamaedge.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which of the listed model versions the {@link ModelRegistry} should serve: every one its sources list, except
 * the models a client unloaded through the repository extension. A load asks for a model's files to be loaded
 * afresh even when they did not change (a version that failed is retried; a serving one is reloaded next to
 * itself and swapped, as a hot reload does), by giving its versions a new load generation in their fingerprint.
 */
public final class ModelControl {
    private final Supplier<List<ModelSource>> sources;
    private final Set<String> unloaded = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> generations = new ConcurrentHashMap<>();

    ModelControl(Supplier<List<ModelSource>> sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    /** Every version the sources list now, unloaded or not (the repository index). */
    public List<ModelSource> listed() {
        return sources.get();
    }

    /** What should be served now. */
    List<ModelSource> wanted() {
        return sources.get().stream().filter(s -> !unloaded.contains(s.name())).map(this::withGeneration).toList();
    }

    private ModelSource withGeneration(ModelSource s) {
        Integer g = generations.get(s.name());
        return g == null ? s : new ModelSource(s.name(), s.version(), s.modelXml(), s.fingerprint() + "load:" + g + ";");
    }

    /** True when {@code name} was unloaded and not loaded since. */
    public boolean isUnloaded(String name) {
        return unloaded.contains(name);
    }

    /** Serve {@code name} again (if unloaded) and load its files afresh at the next reload. */
    void load(String name) {
        unloaded.remove(name);
        generations.merge(name, 1, Integer::sum);
    }

    /** Stop serving {@code name} from the next reload on. */
    void unload(String name) {
        unloaded.add(name);
    }
}
