package dev.panamaedge.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.List;

/**
 * The bearer tokens of the {@code auth-tokens} file: one per line, blank lines and {@code #} comments ignored.
 * The file is read again when its modification time changes (checked at most once a second), so tokens can
 * be added or revoked without a restart. A presented token is compared with every known token by
 * {@link MessageDigest#isEqual}, which takes the same time wherever the bytes differ, and the loop does not
 * stop at a match, so the time of an answer says nothing about how much of a token was right.
 */
final class BearerTokens {
    private static final long CHECK_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile List<byte[]> tokens;
    private volatile FileTime loaded;
    private volatile long lastCheck;

    BearerTokens(Path file) {
        this.file = file;
        this.loaded = modified();
        this.tokens = read(file);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("auth-tokens file " + file + " holds no token");
        }
        this.lastCheck = System.nanoTime();
    }

    boolean matches(String presented) {
        refreshIfChanged();
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] t : tokens) {
            match |= MessageDigest.isEqual(t, p);
        }
        return match;
    }

    private void refreshIfChanged() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_NANOS) {
            return;
        }
        lastCheck = now;
        FileTime m = modified();
        if (m != null && !m.equals(loaded)) {
            try {
                List<byte[]> fresh = read(file);
                tokens = fresh;
                loaded = m;
            } catch (UncheckedIOException e) {
                // Half-written file: keep the tokens we have and try again at the next check.
            }
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<byte[]> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.getBytes(StandardCharsets.UTF_8))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read auth-tokens file " + file, e);
        }
    }
}
