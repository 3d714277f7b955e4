package dev.panamaedge.runtime.image;

/**
 * The {@link java.util.ServiceLoader} entry through which a module offers a {@link JpegDecoder}; native/
 * registers its TurboJPEG provider in {@code META-INF/services}. Runtime depends on nothing: without a
 * provider on the class path, ImageIO decodes JPEG.
 *
 * <p>Implementations have a public no-argument constructor and never throw from {@link #open()}: a library
 * that is missing or fails to load is reported as {@link JpegBackend#imageIo(String)} with the reason.
 */
public interface JpegDecoderProvider {
    /** Finds and loads what the decoder needs, once per call; {@link ImageDecoder} calls it once per process. */
    JpegBackend open();
}
