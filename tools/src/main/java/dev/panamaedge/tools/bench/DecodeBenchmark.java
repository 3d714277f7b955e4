package dev.panamaedge.tools.bench;

import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.JpegBackend;
import dev.panamaedge.runtime.image.RgbImage;
import dev.panamaedge.turbojpeg.TurboJpeg;
import dev.panamaedge.turbojpeg.TurboJpegDecoder;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JPEG decode of a camera frame, as every image request pays it before preprocessing: ImageIO against
 * TurboJPEG at full size and at the DCT scale that covers a 224-pixel model's resize target (shorter side
 * 256: 1/2 for 720p, 1/4 for 1080p). {@code turbojpeg_dct_new_handle} opens a decoder (shared arena,
 * {@code tjInitDecompress}, {@code tjDestroy}) per call, against the pooled handle of {@code turbojpeg_dct}:
 * the cost of a handle per call.
 *
 * <p>Frames: {@code ../shared/images/cat_720p.jpg} (1280×720) and a 1920×1080 JPEG made from it in the set-up
 * (scaled up bilinearly and encoded by ImageIO at its default quality, never stored). Run:
 * {@code ./edge jmh DecodeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class DecodeBenchmark {
    /** round(224 / 0.875): the shorter side MobileNetV2's preprocessing resizes to. */
    private static final int RESIZE_TARGET = 256;

    @Param({"720p", "1080p"})
    public String frame;

    @Param({"imageio", "turbojpeg_full", "turbojpeg_dct", "turbojpeg_dct_new_handle"})
    public String path;

    private byte[] jpeg;
    private TurboJpeg library;
    private TurboJpegDecoder decoder;
    private JpegBackend imageIo;

    @Setup
    public void setUp() throws IOException {
        Path cat = sharedImages().resolve("cat_720p.jpg");
        byte[] original = Files.readAllBytes(cat);
        jpeg = frame.equals("720p") ? original : scaledUp(original, 1920, 1080);
        library = TurboJpeg.load();
        decoder = library.newDecoder();
        imageIo = JpegBackend.imageIo("benchmark: decoding JPEG with ImageIO");
    }

    @TearDown
    public void tearDown() {
        decoder.close();
    }

    @Benchmark
    public RgbImage decode() {
        return switch (path) {
            case "imageio" -> ImageDecoder.decode(jpeg, frame, ImageDecoder.DEFAULT_MAX_PIXELS, 0, imageIo);
            case "turbojpeg_full" -> decoder.decode(jpeg, frame, ImageDecoder.DEFAULT_MAX_PIXELS, 0).orElseThrow();
            case "turbojpeg_dct" -> decoder.decode(jpeg, frame, ImageDecoder.DEFAULT_MAX_PIXELS, RESIZE_TARGET)
                    .orElseThrow();
            case "turbojpeg_dct_new_handle" -> {
                try (TurboJpegDecoder perCall = library.newDecoder()) {
                    yield perCall.decode(jpeg, frame, ImageDecoder.DEFAULT_MAX_PIXELS, RESIZE_TARGET).orElseThrow();
                }
            }
            default -> throw new IllegalArgumentException("unknown path " + path);
        };
    }

    /** {@code <project>/../shared/images}; {@code ./edge} passes the project directory as edge.project.dir. */
    private static Path sharedImages() {
        Path project = Path.of(System.getProperty("edge.project.dir", ".")).toAbsolutePath();
        Path images = project.resolveSibling("shared").resolve("images");
        if (!Files.isDirectory(images)) {
            throw new IllegalStateException("shared photos not found at " + images + " (run through ./edge jmh)");
        }
        return images;
    }

    private static byte[] scaledUp(byte[] jpeg, int width, int height) throws IOException {
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(jpeg));
        BufferedImage big = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = big.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        if (!ImageIO.write(big, "jpg", out)) {
            throw new IllegalStateException("no ImageIO JPEG writer");
        }
        return out.toByteArray();
    }
}
