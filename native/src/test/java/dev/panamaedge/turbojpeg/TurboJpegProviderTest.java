package dev.panamaedge.turbojpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.image.ImageDecodeException;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.JpegBackend;
import dev.panamaedge.runtime.image.RgbImage;
import dev.panamaedge.testsupport.SharedPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TurboJpegProviderTest {
    @TempDir
    Path tmp;

    @Test
    void imageDecoderFindsTurboJpegThroughServiceLoader() {
        TurboJpeg library = TestJpegs.library();
        JpegBackend backend = ImageDecoder.jpegBackend();
        assertTrue(backend.decoder().isPresent(), backend.description());
        assertEquals("JPEG decoder: " + library.description(), backend.description());
        assertTrue(backend.description().contains(library.libraryPath().toString()));
    }

    @Test
    void imageDecoderDecodesJpegWithTurboJpegAtTheRequestedScale() {
        TestJpegs.library();
        byte[] cat = SharedPhotos.bytes("cat_720p.jpg");
        RgbImage half = ImageDecoder.decode(cat, "cat", ImageDecoder.DEFAULT_MAX_PIXELS, 256);
        assertEquals("640x360", half.width() + "x" + half.height(), "ImageIO cannot scale, TurboJPEG did");
        RgbImage full = ImageDecoder.decode(cat, "cat", ImageDecoder.DEFAULT_MAX_PIXELS);
        assertEquals("1280x720", full.width() + "x" + full.height());
    }

    @Test
    void cmykJpegFallsBackToImageIo() {
        byte[] cmyk = TestJpegs.cmykJpeg(32, 24);
        // ImageIO's own verdict on this file, whatever it is, is what ImageDecoder must give.
        try {
            RgbImage image = ImageDecoder.decode(cmyk, "cmyk.jpg");
            assertEquals("32x24", image.width() + "x" + image.height());
        } catch (ImageDecodeException e) {
            assertTrue(e.getMessage().startsWith("cmyk.jpg: "), e.getMessage());
            assertTrue(e.getMessage().contains("CMYK") || e.getMessage().contains("colour"), e.getMessage());
        }
    }

    @Test
    void nonexistentLibrarySettingMeansImageIoWithTheReason() {
        var locator = new TurboJpegLocator(Optional.of(tmp.resolve("none/libturbojpeg.so.0").toString()),
                Optional.empty(), List.of(), List.of());
        JpegBackend backend = TurboJpegProvider.open(() -> TurboJpeg.load(locator));
        assertTrue(backend.decoder().isEmpty());
        assertEquals("TurboJPEG not found: system property edge.turbojpeg.library names "
                + tmp.resolve("none/libturbojpeg.so.0") + ", which does not exist; decoding JPEG with ImageIO",
                backend.description());
    }

    @Test
    void aFileThatIsNoLibraryMeansImageIoWithTheReason() throws IOException {
        Path fake = Files.writeString(tmp.resolve("libturbojpeg.so.0"), "not an ELF file");
        JpegBackend backend = TurboJpegProvider.open(() -> TurboJpeg.load(TurboJpegLocator.searching(List.of(tmp))));
        assertTrue(backend.decoder().isEmpty());
        assertTrue(backend.description().startsWith("TurboJPEG library " + fake + " cannot be loaded: "),
                backend.description());
        assertTrue(backend.description().endsWith("; decoding JPEG with ImageIO"), backend.description());
    }
}
