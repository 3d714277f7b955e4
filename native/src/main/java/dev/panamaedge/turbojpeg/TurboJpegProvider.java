package dev.panamaedge.turbojpeg;

import dev.panamaedge.runtime.image.JpegBackend;
import dev.panamaedge.runtime.image.JpegDecoderProvider;
import java.util.function.Supplier;

/**
 * Offers the TurboJPEG decoder to runtime's {@code ImageDecoder} through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.panamaedge.runtime.image.JpegDecoderProvider}). Without the library it
 * answers ImageIO with the one-line reason, e.g. {@code TurboJPEG not found (looked in …); decoding JPEG
 * with ImageIO}.
 *
 * <p>The decoder it opens belongs to {@code ImageDecoder}'s process-wide backend and lives as long as the
 * process, like the loaded library.
 */
public final class TurboJpegProvider implements JpegDecoderProvider {
    public TurboJpegProvider() {
    }

    @Override
    public JpegBackend open() {
        return open(TurboJpeg::load);
    }

    static JpegBackend open(Supplier<TurboJpeg> library) {
        try {
            return JpegBackend.of(library.get().newDecoder());
        } catch (TurboJpegUnavailableException e) {
            return JpegBackend.imageIo(e.getMessage() + "; decoding JPEG with ImageIO");
        }
    }
}
