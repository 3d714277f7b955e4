package dev.panamaedge.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class StagedDirectoryTest {
    @TempDir
    Path parent;

    @Test
    void stagesInAHiddenSiblingNamedAfterTargetAndPurpose() throws IOException {
        Path target = parent.resolve("model");
        try (StagedDirectory staged = StagedDirectory.beside(target, "import")) {
            assertEquals(parent, staged.path().getParent());
            assertTrue(staged.path().getFileName().toString().matches("\\.model\\.import-[0-9a-f]{16}"),
                    staged.path().toString());
            assertTrue(Files.isDirectory(staged.path()));
            assertFalse(Files.exists(target), "nothing at the target before publishing");
        }
    }

    @Test
    void createsMissingParentDirectories() throws IOException {
        Path target = parent.resolve("a/b/model");
        try (StagedDirectory staged = StagedDirectory.beside(target, "tmp")) {
            Files.writeString(staged.path().resolve("model.xml"), "new");
            staged.publish();
        }
        assertEquals("new", Files.readString(target.resolve("model.xml")));
    }

    @Test
    void publishIntoAnAbsentTarget() throws IOException {
        Path target = parent.resolve("model");
        try (StagedDirectory staged = StagedDirectory.beside(target, "tmp")) {
            Files.writeString(staged.path().resolve("model.xml"), "new");
            staged.publish();
            assertFalse(Files.exists(staged.path()), "the staging directory became the target");
        }
        assertEquals("new", Files.readString(target.resolve("model.xml")));
        assertEquals(List.of("model"), entries(parent));
    }

    @Test
    void publishIntoAnEmptyDirectory() throws IOException {
        Path target = Files.createDirectory(parent.resolve("model"));
        try (StagedDirectory staged = StagedDirectory.beside(target, "tmp")) {
            Files.writeString(staged.path().resolve("model.xml"), "new");
            staged.publish();
        }
        assertEquals(List.of("model.xml"), entries(target));
        assertEquals(List.of("model"), entries(parent));
    }

    @Test
    void nonEmptyDirectoryIsRefusedAndKeptAsItIs() throws IOException {
        Path target = Files.createDirectory(parent.resolve("model"));
        Files.writeString(target.resolve("keep.txt"), "mine");
        try (StagedDirectory staged = StagedDirectory.beside(target, "tmp")) {
            Files.writeString(staged.path().resolve("model.xml"), "new");
            var e = assertThrows(IllegalArgumentException.class, staged::publish);
            assertEquals("output directory " + target + " exists and is not empty", e.getMessage());
            assertFalse(staged.tryPublish(), "occupied: tryPublish says so instead of throwing");
        }
        assertEquals(List.of("keep.txt"), entries(target));
        assertEquals("mine", Files.readString(target.resolve("keep.txt")));
        assertEquals(List.of("model"), entries(parent), "staging removed on close");
        var upfront = assertThrows(IllegalArgumentException.class, () -> StagedDirectory.requireAbsentOrEmpty(target));
        assertEquals("output directory " + target + " exists and is not empty", upfront.getMessage());
    }

    @Test
    void fileIsRefusedAndKeptAsItIs() throws IOException {
        Path target = Files.writeString(parent.resolve("model"), "a file");
        try (StagedDirectory staged = StagedDirectory.beside(target, "tmp")) {
            Files.writeString(staged.path().resolve("model.xml"), "new");
            var e = assertThrows(IllegalArgumentException.class, staged::publish);
            assertEquals("output path " + target + " is a file, not a directory", e.getMessage());
        }
        assertEquals("a file", Files.readString(target));
        assertEquals(List.of("model"), entries(parent), "staging removed on close");
        var upfront = assertThrows(IllegalArgumentException.class, () -> StagedDirectory.requireAbsentOrEmpty(target));
        assertEquals("output path " + target + " is a file, not a directory", upfront.getMessage());
    }

    @Test
    void absentOrEmptyTargetPassesTheUpfrontCheck() throws IOException {
        StagedDirectory.requireAbsentOrEmpty(parent.resolve("absent"));
        StagedDirectory.requireAbsentOrEmpty(Files.createDirectory(parent.resolve("empty")));
    }

    @Test
    void replaceKeepsOnlyTheNewContents() throws IOException {
        Path target = Files.createDirectory(parent.resolve("model"));
        Files.writeString(target.resolve("old.txt"), "old");
        Files.writeString(Files.createDirectory(target.resolve("nested")).resolve("old.bin"), "old");
        try (StagedDirectory staged = StagedDirectory.beside(target, "pull")) {
            Files.writeString(staged.path().resolve("model.xml"), "new");
            staged.publishReplacing();
            assertEquals(List.of("model.xml"), entries(target));
        }
        assertEquals("new", Files.readString(target.resolve("model.xml")));
        assertEquals(List.of("model"), entries(parent), "the replaced copy is deleted on close");
    }

    @Test
    void replaceIntoAnAbsentTarget() throws IOException {
        Path target = parent.resolve("model");
        try (StagedDirectory staged = StagedDirectory.beside(target, "pull")) {
            Files.writeString(staged.path().resolve("model.xml"), "new");
            staged.publishReplacing();
        }
        assertEquals(List.of("model.xml"), entries(target));
        assertEquals(List.of("model"), entries(parent));
    }

    @Test
    void closeWithoutPublishLeavesNothingAndIsIdempotent() throws IOException {
        Path target = parent.resolve("model");
        StagedDirectory staged = StagedDirectory.beside(target, "tmp");
        Files.writeString(Files.createDirectory(staged.path().resolve("nested")).resolve("model.bin"), "partial");
        staged.close();
        staged.close();
        assertEquals(List.of(), entries(parent));
        assertThrows(IllegalStateException.class, staged::publish);
        assertThrows(IllegalStateException.class, staged::publishReplacing);
    }

    @Test
    void aDirectoryIsPublishedOnce() throws IOException {
        try (StagedDirectory staged = StagedDirectory.beside(parent.resolve("model"), "tmp")) {
            staged.publish();
            assertThrows(IllegalStateException.class, staged::publish);
            assertThrows(IllegalStateException.class, staged::publishReplacing);
        }
        assertEquals(List.of("model"), entries(parent));
    }

    /**
     * Not createTempDirectory's 0700: the published directory has the umask's permissions, like any directory
     * made in the same parent, so a store shared with a server running as another user stays readable.
     */
    @Test
    void publishedDirectoryHasTheUmaskPermissionsOfAPlainDirectoryNotOwnerOnly() throws IOException {
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createDirectory(parent.resolve("plain")));
        Path published = parent.resolve("model");
        Path replaced = parent.resolve("replaced");
        Files.createDirectory(replaced);
        try (StagedDirectory a = StagedDirectory.beside(published, "tmp");
             StagedDirectory b = StagedDirectory.beside(replaced, "pull")) {
            a.publish();
            b.publishReplacing();
        }
        assertEquals(PosixFilePermissions.toString(plain),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(published)));
        assertEquals(PosixFilePermissions.toString(plain),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(replaced)));
    }

    @Test
    void deleteTreeRemovesEverythingBelowAndIgnoresAnAbsentPath() throws IOException {
        Path dir = Files.createDirectories(parent.resolve("a/b/c"));
        Files.writeString(dir.resolve("f.txt"), "x");
        Files.writeString(parent.resolve("a/g.txt"), "y");
        StagedDirectory.deleteTree(parent.resolve("a"));
        assertEquals(List.of(), entries(parent));
        StagedDirectory.deleteTree(parent.resolve("a"));
    }

    @Test
    void purposeMustBeAPlainWord() {
        assertThrows(IllegalArgumentException.class, () -> StagedDirectory.beside(parent.resolve("m"), "a/b"));
        assertThrows(IllegalArgumentException.class, () -> StagedDirectory.beside(parent.resolve("m"), " "));
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
