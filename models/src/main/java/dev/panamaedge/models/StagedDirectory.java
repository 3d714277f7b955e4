package dev.panamaedge.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A directory written in a hidden sibling of its target and renamed into place atomically, so the target is
 * either absent or complete, never half-written. Used for every model directory that reaches a model store:
 * generated, imported, quantized and pulled models.
 *
 * <p>The sibling is {@code .<target name>.<purpose>-<random hex>} in the target's parent (same file system,
 * so the rename is atomic). It is made with {@link Files#createDirectory}, not
 * {@link Files#createTempDirectory}: the latter's owner-only mode (0700) would travel with the rename and
 * make the store unreadable to its other users, such as a server running as another user. The published
 * directory therefore has the permissions of any directory made in that parent (the process umask).
 *
 * <p>{@link #close()} removes whatever is left: the staging tree when nothing was published, and the old copy
 * a {@link #publishReplacing() replacing publish} moved aside.
 */
public final class StagedDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private Path replaced;
    private boolean published;
    private boolean closed;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /**
     * Creates an empty staging directory beside {@code target}, creating the parent directories if needed.
     *
     * @param purpose a word naming the staging directory ({@code tmp}, {@code import}, {@code pull}, ...), so a
     *                leftover from a killed process says what made it
     */
    public static StagedDirectory beside(Path target, String purpose) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(purpose, "purpose");
        if (purpose.isBlank() || purpose.contains("/") || purpose.contains("\\")) {
            throw new IllegalArgumentException("staging purpose '" + purpose + "' is not a plain word");
        }
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("target " + absolute + " has no parent directory to stage in");
        }
        Files.createDirectories(parent);
        Path staging = Files.createDirectory(parent.resolve(hiddenSibling(absolute, purpose)));
        return new StagedDirectory(absolute, staging);
    }

    /** The directory to write into; it becomes the target when published. */
    public Path path() {
        return staging;
    }

    /** The absolute, normalized target. */
    public Path target() {
        return target;
    }

    /**
     * Renames the staged directory to the target, which must be absent or an empty directory.
     *
     * @throws IllegalArgumentException when the target is a non-empty directory or a file (it is left as it is)
     */
    public void publish() throws IOException {
        if (!tryPublish()) {
            throw new IllegalArgumentException(occupation(target)
                    .orElse("output path " + target + " was taken while the directory was being written"));
        }
    }

    /**
     * Like {@link #publish()}, but reports an occupied target (a non-empty directory or a file) by returning
     * {@code false} instead of throwing, for callers that may accept what is there: a concurrent creator's copy.
     * The staged directory then stays unpublished and {@link #close()} removes it.
     */
    public boolean tryPublish() throws IOException {
        requireUnpublished();
        try {
            // rename(2) replaces an empty directory and fails on anything else, with no window in between.
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException moveFailed) {
            if (occupation(target).isPresent()) {
                return false;
            }
            throw moveFailed;
        }
        published = true;
        return true;
    }

    /**
     * Renames the staged directory to the target, first moving an existing target aside; {@link #close()}
     * deletes the old copy. If the new one cannot be moved in, the old one is moved back.
     */
    public void publishReplacing() throws IOException {
        requireUnpublished();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Path aside = target.resolveSibling(hiddenSibling(target, "replaced"));
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            replaced = aside;
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException moveFailed) {
            if (replaced != null) {
                try {
                    Files.move(replaced, target, StandardCopyOption.ATOMIC_MOVE);
                    replaced = null;
                } catch (IOException restoreFailed) {
                    // Keep the old copy on disk rather than delete the only one left.
                    moveFailed.addSuppressed(new IOException("the replaced copy of " + target + " stays at "
                            + replaced, restoreFailed));
                    replaced = null;
                }
            }
            throw moveFailed;
        }
        published = true;
    }

    /**
     * Throws unless {@code target} is absent or an empty directory. Publishing checks this again; callers check
     * first to fail before doing expensive work.
     *
     * @throws IllegalArgumentException when {@code target} is a non-empty directory or a file
     */
    public static void requireAbsentOrEmpty(Path target) throws IOException {
        Optional<String> occupied = occupation(target.toAbsolutePath().normalize());
        if (occupied.isPresent()) {
            throw new IllegalArgumentException(occupied.get());
        }
    }

    /** Deletes the staging tree (unless published) and a replaced copy; a second call does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!published) {
                deleteTree(staging);
            }
        } finally {
            if (replaced != null) {
                deleteTree(replaced);
            }
        }
    }

    /** Deletes {@code dir} and everything under it, without following links; nothing when it is absent. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Why {@code target} cannot take a new directory, or empty when it can (absent or an empty directory). */
    private static Optional<String> occupation(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                return entries.findAny().isPresent()
                        ? Optional.of("output directory " + target + " exists and is not empty") : Optional.empty();
            }
        }
        return Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                ? Optional.of("output path " + target + " is a file, not a directory") : Optional.empty();
    }

    private void requireUnpublished() {
        if (closed) {
            throw new IllegalStateException("staged directory for " + target + " is closed");
        }
        if (published) {
            throw new IllegalStateException("staged directory for " + target + " is already published");
        }
    }

    private static String hiddenSibling(Path target, String purpose) {
        return "." + target.getFileName() + "." + purpose + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
