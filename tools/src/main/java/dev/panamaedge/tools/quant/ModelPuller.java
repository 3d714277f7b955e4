package dev.panamaedge.tools.quant;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.StagedDirectory;
import dev.panamaedge.models.ir.InvalidModelException;
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
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code edge models pull}: fetches a {@link KnownModel} (or takes a local copy), checks every file's size and
 * SHA-256 against the pinned values, and imports it into the model store.
 *
 * <p>Nothing half-written reaches the store: files land in a scratch directory under the store root, a
 * wrong checksum or a truncated download fails there, and {@link ModelImporter} writes the model directory
 * into a {@link StagedDirectory} that is renamed into place, replacing a model already there. The scratch
 * directory, the staging directory and the replaced model are always removed.
 */
public final class ModelPuller {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private ModelPuller() {
    }

    /**
     * @param from     a local copy: the model file itself (the label file is looked up beside it by name) or a
     *                 directory holding both files; empty to download
     * @param force    replace a model that is already in the store
     * @param progress where progress lines go (stderr in the CLI)
     * @return the imported model directory
     * @throws IllegalArgumentException for an unknown model name
     * @throws InvalidModelException    when a file's size or checksum differs from the pinned one
     * @throws IOException              when a download fails (no network) or a local file is missing
     */
    public static ModelImporter.Imported pull(String name, Optional<Path> from, ModelStore store, boolean force,
                                              PrintWriter progress) throws IOException, InterruptedException {
        Objects.requireNonNull(store, "store");
        KnownModel known = KnownModel.byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + name + "'; known: " + KnownModel.names()));
        Path target = store.directory(known.name());
        if (Files.exists(target.resolve("metadata.json")) && !force) {
            throw new IllegalArgumentException("model '" + name + "' is already in the store at " + target
                    + "; pass --force to replace it");
        }
        // Downloads are scratch space (never published); the model is staged beside its place in the store.
        try (StagedDirectory downloads = StagedDirectory.beside(target, "download");
             StagedDirectory staged = StagedDirectory.beside(target, "pull")) {
            Path model = fetch(known.model(), from, downloads.path(), progress);
            Path labels = fetch(known.labels(), from, downloads.path(), progress);
            ModelImporter.Imported imported = ModelImporter.importInto(model, ModelImporter.detect(model), staged,
                    new ModelImporter.Options(Optional.of(labels), Optional.of(known.name()),
                            Optional.of(known.model().uri().toString())));
            staged.publishReplacing();
            return imported;
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
