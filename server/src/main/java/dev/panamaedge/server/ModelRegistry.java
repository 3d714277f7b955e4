package dev.panamaedge.server;

import dev.panamaedge.runtime.Engine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The models this server serves, by name and version, and their load state.
 *
 * <p>Lookups read an immutable snapshot, so they never wait for a reload. A reload loads a changed version
 * next to the one serving, swaps the snapshot, and only then retires the old version (which drains its
 * admitted requests before closing its engine); a request that looked up the old version just before the
 * swap is retried on the new one. A version whose reload fails keeps serving its previous files.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicLong LOAD_FAILURES = new java.util.concurrent.atomic.AtomicLong();
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class.getName());
    private static final long RETIRE_TIMEOUT_MILLIS = 30_000;

    private final ModelControl control;
    private final EngineLoader loader;
    private final Function<String, ModelSettings> settings;
    private final double shadowRate;
    private final Optional<String> configuredDefault;
    private final Metrics metrics;
    private final Object reloadLock = new Object();
    private volatile Map<String, TreeMap<String, Entry>> models = Map.of();
    private volatile boolean loadedOnce;
    private final CountDownLatch firstLoad = new CountDownLatch(1);
    private volatile ScheduledExecutorService poller;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** One version's state: loading (no model, no failure), ready, or failed. */
    /** {@code failure} is the cause for the log; clients see only {@code failureId} (paths, engine text stay here). */
    private record Entry(ModelSource source, Optional<ServedModel> model, Optional<String> failure, String failureId) {
        boolean isReady() {
            return model.isPresent();
        }
    }

    /**
     * @param sources           what should be served now (a repository scan, or a fixed list)
     * @param settings          per-model settings by model name
     * @param shadowRate        fraction of requests re-run on the reference engine; 0 turns shadowing off
     * @param configuredDefault the model {@code /classify} and the web page use; else the first by name
     */
    public ModelRegistry(Supplier<List<ModelSource>> sources, EngineLoader loader,
                         Function<String, ModelSettings> settings, double shadowRate,
                         Optional<String> configuredDefault, Metrics metrics) {
        this.control = new ModelControl(Objects.requireNonNull(sources, "sources"));
        this.loader = Objects.requireNonNull(loader, "loader");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.configuredDefault = Objects.requireNonNull(configuredDefault, "configuredDefault");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (!(shadowRate >= 0 && shadowRate <= 1)) {
            throw new IllegalArgumentException("shadow sample rate must be in [0, 1], got " + shadowRate);
        }
        this.shadowRate = shadowRate;
        metrics.gauges(this::gauges);
    }

    public Metrics metrics() {
        return metrics;
    }

    /** What is listed and what of it is served; {@link #load} and {@link #unload} change it. */
    public ModelControl control() {
        return control;
    }

    /** Loads {@code name}'s versions afresh (serving it again if it was unloaded); returns once they are done. */
    public void load(String name) {
        control.load(name);
        reload();
    }

    /** Stops serving {@code name}: its versions drain their admitted requests and close. */
    public void unload(String name) {
        control.unload(name);
        reload();
    }

    /** Runs {@code listener} after every change of what is served or ready (gRPC health follows it). */
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** True once the first load finished and every listed version is compiled and serving. */
    public boolean isReady() {
        Map<String, TreeMap<String, Entry>> snapshot = models;
        return loadedOnce && !snapshot.isEmpty()
                && snapshot.values().stream().allMatch(vs -> vs.values().stream().allMatch(Entry::isReady));
    }

    public boolean isReady(String name, Optional<String> version) {
        TreeMap<String, Entry> versions = models.get(name);
        if (versions == null && control.isUnloaded(name)) {
            return false; // known to the repository, unloaded by a client: not ready, as Triton answers
        }
        if (versions == null) {
            throw notFound(name);
        }
        if (version.isEmpty()) {
            return versions.values().stream().anyMatch(Entry::isReady);
        }
        Entry e = versions.get(version.get());
        if (e == null) {
            throw new ModelNotFoundException("model " + name + " has no version " + version.get()
                    + "; versions: " + versions.keySet());
        }
        return e.isReady();
    }

    /** Model names, sorted. */
    public List<String> names() {
        return List.copyOf(new TreeMap<>(models).keySet());
    }

    /** The versions of {@code name} listed in the repository, oldest first. */
    public List<String> versions(String name) {
        TreeMap<String, Entry> versions = models.get(name);
        if (versions == null) {
            throw notFound(name);
        }
        return List.copyOf(versions.keySet());
    }

    /** The model {@code /classify} without a name and the web page use. */
    public Optional<String> defaultModel() {
        if (configuredDefault.isPresent()) {
            return configuredDefault;
        }
        return names().stream().findFirst();
    }

    /**
     * The serving version of {@code name}: the given one, or the newest ready one.
     *
     * @throws ModelNotFoundException     for an unknown name or version
     * @throws ModelUnavailableException when it is still loading or failed to load
     */
    public ServedModel resolve(String name, Optional<String> version) {
        TreeMap<String, Entry> versions = models.get(name);
        if (versions == null) {
            throw notFound(name);
        }
        if (version.isPresent() && !version.get().isEmpty()) {
            Entry e = versions.get(version.get());
            if (e == null) {
                throw new ModelNotFoundException("model " + name + " has no version " + version.get()
                        + "; versions: " + versions.keySet());
            }
            return e.model().orElseThrow(() -> unavailable(e));
        }
        for (Entry e : versions.descendingMap().values()) {
            if (e.isReady()) {
                return e.model().orElseThrow();
            }
        }
        throw unavailable(versions.lastEntry().getValue());
    }

    /** A call against one served version; re-resolved if that version is retired under it. */
    @FunctionalInterface
    public interface ModelCall<T> {
        T apply(ServedModel model) throws Exception;
    }

    /** Runs {@code call} on the serving version, retrying on the replacement if a reload retires it. */
    public <T> T call(String name, Optional<String> version, ModelCall<T> call) throws Exception {
        for (int attempt = 0; ; attempt++) {
            ServedModel m = resolve(name, version);
            try {
                return call.apply(m);
            } catch (InferenceQueue.RetiredException e) {
                if (attempt >= 3) {
                    throw new ModelUnavailableException("model " + name + " is being reloaded; retry");
                }
            }
        }
    }

    /** Loads in the background and, when {@code pollMillis > 0}, re-scans for changes at that interval. */
    public void start(long pollMillis) {
        Thread.ofPlatform().name("model-loader").daemon().start(this::reloadLogged);
        if (pollMillis > 0) {
            poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("model-reload").daemon()
                    .factory());
            poller.scheduleWithFixedDelay(this::reloadLogged, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void reloadLogged() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "model reload failed", e);
            loadedOnce = true;
            firstLoad.countDown();
            changed();
        }
    }

    /**
     * Brings the served set in line with {@link #sources}: loads new and changed versions, retires removed
     * ones. Synchronous; returns once every listed version is loaded or has failed.
     */
    public void reload() {
        synchronized (reloadLock) {
            List<ModelSource> wanted = control.wanted();
            Map<String, Entry> current = flatten(models);
            Map<String, Entry> next = new LinkedHashMap<>();
            List<ModelSource> toLoad = new ArrayList<>();
            for (ModelSource s : wanted) {
                Entry old = current.get(s.key());
                if (old != null && old.source().fingerprint().equals(s.fingerprint())) {
                    next.put(s.key(), old);
                } else {
                    next.put(s.key(), old != null && old.isReady() ? old
                            : new Entry(s, Optional.empty(), Optional.empty(), ""));
                    toLoad.add(s);
                }
            }
            publish(next);
            for (ModelSource s : toLoad) {
                Entry old = current.get(s.key());
                Entry loaded = load(s);
                if (loaded.isReady() || old == null || !old.isReady()) {
                    next.put(s.key(), loaded);
                    publish(next);
                    if (old != null && old.isReady()) {
                        LOG.info(s.key() + ": reloaded from changed files; the previous engine drains and closes");
                        metrics.reloaded();
                        retireLater(old.model().orElseThrow());
                    }
                } else {
                    LOG.warning(s.key() + ": reload failed, still serving the previous files: "
                            + loaded.failure().orElse("?"));
                }
            }
            for (Map.Entry<String, Entry> e : current.entrySet()) {
                if (!next.containsKey(e.getKey())) {
                    LOG.info(e.getKey() + ": removed from the repository, retiring");
                    e.getValue().model().ifPresent(this::retireLater);
                }
            }
            loadedOnce = true;
            firstLoad.countDown();
            changed();
        }
    }

    /** Waits until the first load has finished (successfully or not), up to {@code timeoutMillis}. */
    public boolean awaitLoaded(long timeoutMillis) throws InterruptedException {
        return firstLoad.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private Entry load(ModelSource s) {
        ModelSettings ms = settings.apply(s.name());
        long start = System.nanoTime();
        Engine engine = null;
        // The sidecar is read (first use of Jackson: a few hundred ms of class loading) while the engine
        // compiles, so the two overlap on a cold start.
        FutureTask<ModelCard> cardTask = new FutureTask<>(() -> loader.card(s.modelXml()));
        Thread.ofPlatform().daemon().name("model-card-" + s.name()).start(cardTask);
        try {
            engine = loader.load(s.modelXml(), ms);
            ModelCard card = card(cardTask);
            Optional<ShadowValidator> shadow = Optional.empty();
            if (shadowRate > 0) {
                Engine reference = loader.load(s.modelXml(), ms.withEngine(EngineKind.REFERENCE));
                shadow = Optional.of(new ShadowValidator(s.name(), s.version(), reference, shadowRate, metrics));
            }
            ServedModel m = new ServedModel(s.name(), s.version(), engine, card, ms, shadow, metrics);
            LOG.info(String.format("%s: loaded on %s (%s, %s) in %d ms, %d concurrent", s.key(), engine.name(),
                    ms.device(), ms.hint(), (System.nanoTime() - start) / 1_000_000, m.queue().concurrency()));
            warnAboutScores(s, m);
            return new Entry(s, Optional.of(m), Optional.empty(), "");
        } catch (Exception | LinkageError e) {
            if (engine != null) {
                engine.close();
            }
            // The cause names files and the engine's internals: the log keeps it under an id, clients get the id.
            String id = "load-" + LOAD_FAILURES.incrementAndGet();
            LOG.log(Level.SEVERE, s.key() + ": load failed (" + id + ")", e);
            return new Entry(s, Optional.empty(), Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()), id);
        }
    }

    /** Says once per load what makes a model's classifications less than they look. */
    private static void warnAboutScores(ModelSource s, ServedModel m) {
        if (m.card().untrained()) {
            LOG.warning(s.key() + ": " + dev.panamaedge.models.ModelStore.UNTRAINED_NOTICE);
        }
        if (!m.outputs().isEmpty() && dev.panamaedge.runtime.image.Classification.renormalises(
                m.outputs().getFirst().type(), m.card().scores(), m.card().outputQuantization())) {
            LOG.warning(s.key() + ": " + m.outputs().getFirst().type().irName() + " output without outputQuantization"
                    + " in its metadata; classification renormalises its codes to sum 1");
        }
    }

    private static ModelCard card(FutureTask<ModelCard> task) throws Exception {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void retireLater(ServedModel old) {
        Thread.ofPlatform().name("retire-" + old.name()).daemon().start(() -> old.retire(RETIRE_TIMEOUT_MILLIS));
    }

    private void publish(Map<String, Entry> flat) {
        Map<String, TreeMap<String, Entry>> byName = new HashMap<>();
        for (Entry e : flat.values()) {
            byName.computeIfAbsent(e.source().name(), k -> new TreeMap<>(ModelRepository.VERSION_ORDER))
                    .put(e.source().version(), e);
        }
        models = Map.copyOf(byName);
        changed();
    }

    private static Map<String, Entry> flatten(Map<String, TreeMap<String, Entry>> byName) {
        Map<String, Entry> flat = new LinkedHashMap<>();
        byName.values().forEach(vs -> vs.values().forEach(e -> flat.put(e.source().key(), e)));
        return flat;
    }

    private List<Metrics.ModelGauges> gauges() {
        List<Metrics.ModelGauges> out = new ArrayList<>();
        for (Entry e : flatten(models).values()) {
            int depth = e.model().map(ServedModel::queueDepth).orElse(0);
            int running = e.model().map(m -> m.queue().inFlight()).orElse(0);
            out.add(new Metrics.ModelGauges(e.source().name(), e.source().version(), depth, running, e.isReady()));
        }
        return out;
    }

    private ModelNotFoundException notFound(String name) {
        return new ModelNotFoundException("unknown model '" + name + "'; this server serves " + names());
    }

    private static ModelUnavailableException unavailable(Entry e) {
        return new ModelUnavailableException(e.failure()
                .map(f -> "model " + e.source().key() + " failed to load: see the server log for " + e.failureId())
                .orElse("model " + e.source().key() + " is still loading"));
    }

    /** Stops reloading and retires every version, waiting for in-flight requests to finish. */
    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        synchronized (reloadLock) {
            Map<String, Entry> all = flatten(models);
            models = Map.of();
            changed();
            all.values().forEach(e -> e.model().ifPresent(m -> m.retire(RETIRE_TIMEOUT_MILLIS)));
        }
    }
}
