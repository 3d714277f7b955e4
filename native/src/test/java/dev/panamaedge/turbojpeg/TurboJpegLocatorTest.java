package dev.panamaedge.turbojpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TurboJpegLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void explicitPropertyIsFinalEvenWhenItNamesNothing() {
        var locator = new TurboJpegLocator(Optional.of("/nonexistent/libturbojpeg.so.0"), Optional.empty(),
                List.of(), TurboJpegLocator.usualDirectories());
        var e = assertThrows(TurboJpegUnavailableException.class, locator::locate);
        assertEquals("TurboJPEG not found: system property edge.turbojpeg.library names"
                + " /nonexistent/libturbojpeg.so.0, which does not exist", e.getMessage());
        assertEquals(List.of(Path.of("/nonexistent/libturbojpeg.so.0")), e.searched());
    }

    @Test
    void propertyWinsOverTheEnvironmentVariable() throws IOException {
        Path a = Files.createFile(tmp.resolve("a.so"));
        Path b = Files.createFile(tmp.resolve("b.so"));
        var locator = new TurboJpegLocator(Optional.of(a.toString()), Optional.of(b.toString()), List.of(), List.of());
        assertEquals(a, locator.locate());
        assertEquals(b, new TurboJpegLocator(Optional.empty(), Optional.of(b.toString()), List.of(), List.of()).locate());
    }

    @Test
    void directoriesPreferTheRuntimeNameAndLdPathsComeFirst() throws IOException {
        Path ld = Files.createDirectories(tmp.resolve("ld"));
        Path usual = Files.createDirectories(tmp.resolve("usual"));
        Files.createFile(usual.resolve("libturbojpeg.so.0"));
        Files.createFile(ld.resolve("libturbojpeg.so"));
        Files.createFile(ld.resolve("libturbojpeg.so.0.2.0"));
        Files.createFile(ld.resolve("libturbojpeg.so.0"));
        Files.createFile(ld.resolve("libturbojpegX.so"));
        var locator = new TurboJpegLocator(Optional.empty(), Optional.empty(), List.of(ld), List.of(usual));
        assertEquals(ld.resolve("libturbojpeg.so.0"), locator.locate());
        Files.delete(ld.resolve("libturbojpeg.so.0"));
        assertEquals(ld.resolve("libturbojpeg.so"), locator.locate());
    }

    @Test
    void nothingFoundListsEveryDirectoryInOneLine() {
        var locator = TurboJpegLocator.searching(List.of(tmp.resolve("x"), tmp.resolve("y")));
        var e = assertThrows(TurboJpegUnavailableException.class, locator::locate);
        assertEquals("TurboJPEG not found (looked in " + tmp.resolve("x/libturbojpeg.so*") + ", "
                + tmp.resolve("y/libturbojpeg.so*") + "; set -Dedge.turbojpeg.library or EDGE_TURBOJPEG_LIBRARY,"
                + " or apt-get install libturbojpeg0)", e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
