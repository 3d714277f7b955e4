package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.bindings.openvino.openvino_h;
import dev.panamaedge.testsupport.ProjectVenv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryLocatorTest {
    @TempDir
    Path tmp;

    private static LibraryLocator explicit(String property) {
        return new LibraryLocator(Optional.of(property), Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    @Test
    void explicitBadPathFailsListingWhatWasSearched() {
        Path missing = tmp.resolve("nowhere/libopenvino_c.so.2641");
        var e = assertThrows(OpenVinoLibraryException.class, () -> explicit(missing.toString()).locate());
        assertEquals(List.of(missing), e.searched());
        assertTrue(e.getMessage().contains("system property edge.openvino.library"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void explicitFileWithTheWrongNameIsRejected() throws IOException {
        Path other = Files.writeString(tmp.resolve("libsomething.so"), "x");
        var e = assertThrows(OpenVinoLibraryException.class, () -> explicit(other.toString()).locate());
        assertTrue(e.getMessage().contains("is not a libopenvino_c.so* file"), e.getMessage());
    }

    @Test
    void explicitGoodPathIsTakenAsIs() {
        Path library = ProjectVenv.openVinoCLibrary();
        assertEquals(library, explicit(library.toString()).locate());
    }

    @Test
    void openVinoHomeIsSearchedInItsLibraryDirectories() throws IOException {
        Path libs = Files.createDirectories(tmp.resolve("home/libs"));
        Path library = Files.writeString(libs.resolve("libopenvino_c.so.2641"), "not really a library");
        var locator = new LibraryLocator(Optional.empty(), Optional.empty(), Optional.of(tmp.resolve("home").toString()),
                List.of(), List.of());
        assertEquals(library, locator.locate());
    }

    @Test
    void emptyOpenVinoHomeListsEveryDirectoryTried() {
        Path home = tmp.resolve("empty-home");
        var locator = new LibraryLocator(Optional.empty(), Optional.empty(), Optional.of(home.toString()), List.of(),
                List.of());
        var e = assertThrows(OpenVinoLibraryException.class, locator::locate);
        assertEquals(4, e.searched().size(), e.getMessage());
        assertTrue(e.getMessage().contains(home.resolve("runtime/lib").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(home.resolve("lib/libopenvino_c.so*").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(home.resolve("libs/libopenvino_c.so*").toString()), e.getMessage());
    }

    @Test
    void projectVenvIsFoundByWalkingUpFromTheWorkingDirectory() {
        Path library = ProjectVenv.openVinoCLibrary();
        Path deep = Path.of(System.getProperty("user.dir"), "src", "test");
        var locator = new LibraryLocator(Optional.empty(), Optional.empty(), Optional.empty(), List.of(deep), List.of());
        assertEquals(library, locator.locate());
        assertTrue(library.getFileName().toString().startsWith("libopenvino_c.so"));
    }

    @Test
    void launcherProjectDirIsSearchedBeforeTheWorkingDirectory() {
        String previous = System.getProperty(LibraryLocator.PROJECT_PROPERTY);
        System.setProperty(LibraryLocator.PROJECT_PROPERTY, tmp.toString());
        try {
            assertEquals(List.of(tmp, Path.of(System.getProperty("user.dir"))),
                    LibraryLocator.fromEnvironment().projectStarts());
        } finally {
            if (previous == null) {
                System.clearProperty(LibraryLocator.PROJECT_PROPERTY);
            } else {
                System.setProperty(LibraryLocator.PROJECT_PROPERTY, previous);
            }
        }
    }

    @Test
    void nothingFoundListsProjectAndUsualLocations() {
        Path usual = tmp.resolve("usr/lib");
        var locator = new LibraryLocator(Optional.empty(), Optional.empty(), Optional.empty(), List.of(tmp),
                List.of(usual));
        var e = assertThrows(OpenVinoLibraryException.class, locator::locate);
        assertTrue(e.searched().contains(usual.resolve("libopenvino_c.so*")), e.getMessage());
        assertTrue(e.searched().contains(tmp.resolve(".venv/lib/python3*/site-packages/openvino/libs/libopenvino_c.so*")),
                e.getMessage());
        assertTrue(e.getMessage().contains("Set -Dedge.openvino.library="), e.getMessage());
    }

    @Test
    void loadedLibraryMatchesTheBindingsVersion() {
        OpenVino openVino = OpenVino.load();
        assertTrue(openVino.version().startsWith(openvino_h.OPENVINO_VERSION + "-"), openVino.version());
        assertTrue(openVino.libraryPath().getFileName().toString().startsWith("libopenvino_c.so"));
        assertTrue(OpenVino.load() == openVino, "load() is idempotent");
    }

    @Test
    void versionMismatchNamesExpectedAndFound() {
        Path lib = Path.of("/opt/x/libopenvino_c.so");
        var e = assertThrows(OpenVinoLibraryException.class,
                () -> OpenVino.checkVersion("2026.4.1", "2025.3.0-19807-44526285f24-releases/2025/3", lib));
        assertEquals("2026.4.1", e.expectedVersion());
        assertEquals(Optional.of("2025.3.0-19807-44526285f24-releases/2025/3"), e.foundVersion());
        assertTrue(e.getMessage().contains("generated for 2026.4.1 but /opt/x/libopenvino_c.so is 2025.3.0"), e.getMessage());
    }

    @Test
    void sameReleaseWithAnotherBuildSuffixPasses() {
        OpenVino.checkVersion("2026.4.1", "2026.4.1-22982-e213a147257-releases/2026/4", Path.of("lib"));
        OpenVino.checkVersion("2026.4.1", "2026.4.1", Path.of("lib"));
    }
}
