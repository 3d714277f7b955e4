package dev.panamaedge.models;

import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.models.ir.Provenance;
import dev.panamaedge.models.mobilenet.MobileNetV2;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Where generated models live: one directory per model holding {@code model.xml}, {@code model.bin} and
 * {@code metadata.json}. Generated files are never committed to the repository; they are built on first
 * use and reused afterwards.
 *
 * <p>The root is, in order: the system property {@value #ROOT_PROPERTY} (the {@code ./edge} launcher passes
 * {@code <repo>/.edge/models}), the environment variable {@value #ROOT_ENV}, then
 * {@code ${XDG_CACHE_HOME:-~/.cache}/panama-edge/models}.
 *
 * <p>Creation is safe under concurrency, across threads and processes: a model is written into a
 * {@link StagedDirectory} beside its final place and renamed into place atomically. A creator that loses the
 * race discards its copy and uses the winner's, so a model directory, once visible, is always complete.
 */
public final class ModelStore {
    public static final String ROOT_PROPERTY = "edge.model.store";
    public static final String ROOT_ENV = "EDGE_MODEL_STORE";
    public static final String MODEL_XML = "model.xml";
    public static final String MODEL_BIN = "model.bin";
    /** The model {@code edge} commands use when none is named: MobileNetV2 1.0, 224 px, 1000 classes. */
    public static final MobileNetV2Spec DEFAULT_SPEC = new MobileNetV2Spec(1.0, 224, 1000);
    public static final long DEFAULT_SEED = 42;
    /** The pretrained ImageNet model {@code edge models pull} puts in the store under this name. */
    public static final String PRETRAINED_NAME = "mobilenet_v2_imagenet";
    /** The one command that brings real weights, and its offline form. */
    public static final String PRETRAINED_COMMAND = "./edge models pull " + PRETRAINED_NAME;
    public static final String PRETRAINED_COMMAND_OFFLINE = PRETRAINED_COMMAND + " --from ../shared/models/coral";
    /** What every front end says about a model with seeded weights (stderr, model metadata, web page). */
    public static final String UNTRAINED_NOTICE = "its weights are untrained (seeded random), so its classes mean"
            + " nothing; for real ImageNet weights run " + PRETRAINED_COMMAND + " (offline: "
            + PRETRAINED_COMMAND_OFFLINE + ")";

    private final Path root;

    public ModelStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The store configured by system property, environment or XDG cache default (see class comment). */
    public static ModelStore fromEnvironment() {
        return new ModelStore(defaultRoot(System::getProperty, System::getenv, System.getProperty("user.home")));
    }

    static Path defaultRoot(UnaryOperator<String> properties, UnaryOperator<String> environment, String userHome) {
        String configured = properties.apply(ROOT_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = environment.apply(ROOT_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        // XDG Base Directory spec: an empty or relative XDG_CACHE_HOME is ignored.
        String cache = environment.apply("XDG_CACHE_HOME");
        Path cacheHome = cache != null && !cache.isBlank() && Path.of(cache).isAbsolute()
                ? Path.of(cache) : Path.of(userHome, ".cache");
        return cacheHome.resolve("panama-edge").resolve("models");
    }

    public Path root() {
        return root;
    }

    /**
     * The directory of model {@code name} (it may not exist yet).
     *
     * @throws IllegalArgumentException if {@code name} is not a plain directory name
     */
    public Path directory(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.equals(".") || name.equals("..") || name.startsWith(".")
                || name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("model name '" + name + "' is not a plain directory name");
        }
        return root.resolve(name);
    }

    /**
     * The {@code model.xml} of the pretrained model ({@value #PRETRAINED_NAME}) when the store holds it complete
     * ({@code model.xml}, {@code model.bin} and {@code metadata.json}).
     */
    public java.util.Optional<Path> pretrained() {
        Path dir = directory(PRETRAINED_NAME);
        return isComplete(dir) ? java.util.Optional.of(dir.resolve(MODEL_XML)) : java.util.Optional.empty();
    }

    /** Directory name of a seeded MobileNetV2: {@code mobilenet_v2_1.0_224_1000_s42_g1} (g = generator version). */
    public static String mobileNetV2Name(MobileNetV2Spec spec, long seed) {
        return MobileNetV2.modelName(spec, seed) + "_g" + MobileNetV2.GENERATOR_VERSION;
    }

    /** Same as {@link #ensureMobileNetV2(MobileNetV2Spec, long, List)} with synthetic labels on creation. */
    public Path ensureMobileNetV2(MobileNetV2Spec spec, long seed) throws IOException {
        return ensureMobileNetV2(spec, seed, List.of());
    }

    /**
     * Returns the {@code model.xml} of the seeded MobileNetV2, generating it first if the store lacks it.
     *
     * @param labels one label per class, or empty: a new model then gets {@code class_0 … class_{k-1}}, an
     *               existing one keeps its labels; given labels replace those in an existing sidecar
     * @throws IllegalArgumentException if labels are given but their count differs from the class count
     */
    public Path ensureMobileNetV2(MobileNetV2Spec spec, long seed, List<String> labels) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(labels, "labels");
        if (!labels.isEmpty() && labels.size() != spec.classes()) {
            throw new IllegalArgumentException(labels.size() + " labels given for " + spec.classes() + " classes");
        }
        String name = mobileNetV2Name(spec, seed);
        Path target = directory(name);
        if (!isComplete(target)) {
            try (StagedDirectory staged = StagedDirectory.beside(target, "tmp")) {
                try (var model = MobileNetV2.build(spec, seed)) {
                    IrWriter.write(model, staged.path().resolve(MODEL_XML));
                }
                ModelMetadataFile.write(metadata(spec, seed, labels),
                        staged.path().resolve(ModelMetadataFile.FILE_NAME));
                // An occupied target is fine if another creator put its complete copy there first: use that one.
                if (!staged.tryPublish() && !isComplete(target)) {
                    throw new IOException("model directory " + target + " exists but lacks " + MODEL_XML + ", "
                            + MODEL_BIN + " or " + ModelMetadataFile.FILE_NAME + "; delete it to have it regenerated");
                }
            }
        } else if (!labels.isEmpty()) {
            Path sidecar = target.resolve(ModelMetadataFile.FILE_NAME);
            ModelMetadata existing = ModelMetadataFile.read(sidecar);
            if (!existing.labels().equals(labels)) {
                ModelMetadataFile.write(new ModelMetadata(existing.name(), existing.preprocessing(), labels,
                        existing.labelOffset(), existing.outputKind(), withLabelOrigin(existing.provenance(), "given")),
                        sidecar);
            }
        }
        return target.resolve(MODEL_XML);
    }

    static ModelMetadata metadata(MobileNetV2Spec spec, long seed, List<String> labels) {
        List<String> effective = labels.isEmpty()
                ? IntStream.range(0, spec.classes()).mapToObj(i -> "class_" + i).toList() : labels;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("architecture", "MobileNetV2 (Sandler et al. 2018, Table 2; torchvision layer structure)");
        details.put("widthMultiplier", Double.toString(spec.widthMultiplier()));
        details.put("resolution", Integer.toString(spec.resolution()));
        details.put("classes", Integer.toString(spec.classes()));
        details.put("seed", Long.toString(seed));
        details.put("generatorVersion", Integer.toString(MobileNetV2.GENERATOR_VERSION));
        details.put("parameters", Long.toString(spec.parameterCount()));
        details.put("multiplyAdds", Long.toString(spec.multiplyAdds()));
        details.put("weights", "seeded random, BatchNorm calibrated on synthetic images and folded; not trained");
        Provenance provenance = new Provenance(ModelMetadata.SEEDED, "panama-edge MobileNetV2 generator v" + MobileNetV2.GENERATOR_VERSION,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "", details);
        return new ModelMetadata(MobileNetV2.modelName(spec, seed), Preprocessing.imagenetTorchvision(spec.resolution()),
                effective, 0, ModelMetadata.LOGITS,
                withLabelOrigin(provenance, labels.isEmpty() ? "synthetic class_0..class_" + (spec.classes() - 1) : "given"));
    }

    private static Provenance withLabelOrigin(Provenance p, String origin) {
        Map<String, String> details = new LinkedHashMap<>(p.details());
        details.put("labels", origin);
        return new Provenance(p.source(), p.createdBy(), p.createdAt(), p.sha256(), details);
    }

    private static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(MODEL_XML)) && Files.isRegularFile(dir.resolve(MODEL_BIN))
                && Files.isRegularFile(dir.resolve(ModelMetadataFile.FILE_NAME));
    }
}
