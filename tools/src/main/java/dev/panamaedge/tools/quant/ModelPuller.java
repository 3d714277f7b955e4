package dev.panamaedge.tools.quant;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.StagedDirectory;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.ir.Provenance;
import dev.panamaedge.models.quant.Preset;
import dev.panamaedge.models.quant.Requantizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code edge models pull}: fetches a {@link KnownModel} (or takes a local copy), checks every file's size and
 * SHA-256 against the pinned values, and puts two models into the store: under the known name the INT8 model
 * OpenVINO runs with its int8 kernels ({@link Requantizer}: the model's own activation ranges, per-channel
 * symmetric int8 weights, f32 probabilities out), and under {@link KnownModel#asImportedName()} the model as
 * {@code ovc} imports it (u8 codes out), to compare against.
 *
 * <p>Nothing half-written reaches the store: files land in a scratch directory under the store root, a
 * wrong checksum or a truncated download fails there, and {@link ModelImporter} writes the model directory
 * into a {@link StagedDirectory} that is renamed into place, replacing a model already there. The scratch
 * directory, the staging directories and the replaced models are always removed.
 */
public final class ModelPuller {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    /** The activation preset of the pulled INT8 model (see {@link Preset}), as {@code edge quantize} defaults. */
    static final Preset PRESET = Preset.PERFORMANCE;

    private ModelPuller() {
    }

    /**
     * What a pull put into the store.
     *
     * @param model      the INT8 model under the known name: the one to serve
     * @param asImported the model as {@code ovc} imports it, for comparison
     */
    public record Pulled(ModelImporter.Imported model, ModelImporter.Imported asImported) {
    }

    /**
     * @param from     a local copy: the model file itself (the label file is looked up beside it by name) or a
     *                 directory holding both files; empty to download
     * @param force    replace a model that is already in the store
     * @param progress where progress lines go (stderr in the CLI)
     * @return the two model directories
     * @throws IllegalArgumentException for an unknown model name, or a model already in the store without force
     * @throws InvalidModelException    when a file's size or checksum differs from the pinned one
     * @throws IOException              when a download fails (no network) or a local file is missing
     */
    public static Pulled pull(String name, Optional<Path> from, ModelStore store, boolean force,
                              PrintWriter progress) throws IOException, InterruptedException {
        Objects.requireNonNull(store, "store");
        KnownModel known = KnownModel.byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + name + "'; known: " + KnownModel.names()));
        Path target = store.directory(known.name());
        Path asImportedTarget = store.directory(known.asImportedName());
        for (Path t : List.of(target, asImportedTarget)) {
            if (Files.exists(t.resolve(ModelMetadataFile.FILE_NAME)) && !force) {
                throw new IllegalArgumentException("model '" + t.getFileName() + "' is already in the store at " + t
                        + "; pass --force to replace it");
            }
        }
        // Downloads are scratch space (never published); each model is staged beside its place in the store.
        try (StagedDirectory downloads = StagedDirectory.beside(target, "download");
             StagedDirectory stagedImport = StagedDirectory.beside(asImportedTarget, "pull");
             StagedDirectory stagedInt8 = StagedDirectory.beside(target, "pull")) {
            Path model = fetch(known.model(), from, downloads.path(), progress);
            Path labels = fetch(known.labels(), from, downloads.path(), progress);
            ModelImporter.Imported asImported = ModelImporter.importInto(model, ModelImporter.detect(model),
                    stagedImport, new ModelImporter.Options(Optional.of(labels), Optional.of(known.asImportedName()),
                            Optional.of(known.model().uri().toString())));
            progress.println("re-expressing " + model.getFileName() + " as int8 with its own activation ranges");
            progress.flush();
            ModelImporter.Imported int8 = requantize(stagedImport.path().resolve(ModelStore.MODEL_XML),
                    asImported.metadata(), known, stagedInt8);
            stagedImport.publishReplacing();
            stagedInt8.publishReplacing();
            return new Pulled(int8, asImported);
        }
    }

    /** Writes the INT8 form of the imported model into {@code staged}, with a sidecar derived from the import's. */
    private static ModelImporter.Imported requantize(Path importedXml, ModelMetadata imported, KnownModel known,
                                                     StagedDirectory staged) throws IOException {
        Requantizer.Result r;
        try (IrModel quantized = IrReader.read(importedXml)) {
            r = Requantizer.requantize(quantized, PRESET);
        }
        try (IrModel int8 = r.model()) {
            IrWriter.write(int8, staged.path().resolve(ModelStore.MODEL_XML));
            Map<String, String> details = new LinkedHashMap<>(imported.provenance().details());
            details.put("int8", "activation ranges from the model's own quantization (" + r.activationQuantizers()
                    + " tensors, preset " + PRESET.name().toLowerCase(Locale.ROOT) + "), per-channel symmetric int8"
                    + " weights (" + r.quantizedWeights() + " layers), f32 output");
            details.put("asImported", known.asImportedName());
            ModelMetadata meta = new ModelMetadata(known.name(), imported.preprocessing(), imported.labels(),
                    imported.labelOffset(), ModelImporter.outputKind(int8), new Provenance(imported.provenance().source(),
                    "edge models pull (ovc import, then int8 with the model's own ranges)",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), imported.provenance().sha256(), details));
            ModelMetadataFile.write(meta, staged.path().resolve(ModelMetadataFile.FILE_NAME));
            return new ModelImporter.Imported(staged.target(), meta, ModelImporter.Format.TFLITE);
        }
    }

    private static Path fetch(KnownModel.RemoteFile file, Optional<Path> from, Path dir, PrintWriter progress)
            throws IOException, InterruptedException {
        Path dest = dir.resolve(file.fileName());
        if (from.isPresent()) {
            Path local = Files.isDirectory(from.get()) ? from.get().resolve(file.fileName())
                    : from.get().getFileName().toString().equals(file.fileName()) ? from.get()
                    : from.get().resolveSibling(file.fileName());
            if (!Files.isRegularFile(local)) {
                throw new NoSuchFileException(local.toString(), null, "expected " + file.fileName() + " for --from");
            }
            progress.println("copying " + local);
            Files.copy(local, dest);
        } else {
            download(file, dest, progress);
        }
        verify(file, dest, from.map(Path::toString).orElse(file.uri().toString()));
        return dest;
    }

    static void verify(KnownModel.RemoteFile file, Path local, String origin) throws IOException {
        long size = Files.size(local);
        if (size != file.size()) {
            throw new InvalidModelException(file.fileName() + " from " + origin + " has " + size + " bytes, expected "
                    + file.size() + (size < file.size() ? " (truncated)" : ""));
        }
        String sha = Checksums.sha256(local);
        if (!sha.equals(file.sha256())) {
            throw new InvalidModelException(file.fileName() + " from " + origin + " has sha256 " + sha + ", expected "
                    + file.sha256() + " (corrupt or a different file)");
        }
    }

    static void download(KnownModel.RemoteFile file, Path dest, PrintWriter progress)
            throws IOException, InterruptedException {
        progress.println("downloading " + file.uri());
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(file.uri()).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IOException("download of " + file.uri() + " failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); without network access, pass --from with a local copy", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("download of " + file.uri() + " answered HTTP " + response.statusCode()
                    + "; pass --from with a local copy");
        }
        MessageDigest md = Checksums.digest();
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(dest)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                md.update(buf, 0, n);
                total += n;
                if (total > file.size()) {
                    throw new InvalidModelException(file.uri() + " sent more than the expected " + file.size() + " bytes");
                }
            }
        }
        progress.println("downloaded " + file.fileName() + " sha256 " + HexFormat.of().formatHex(md.digest()));
    }
}
