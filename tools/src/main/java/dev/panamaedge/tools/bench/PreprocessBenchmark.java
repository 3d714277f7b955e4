package dev.panamaedge.tools.bench;

import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.runtime.image.RgbImage;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resize, centre crop and normalization of one decoded 720p frame into a 224 px input (what every image
 * request pays before inference). Run: {@code ./edge jmh PreprocessBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PreprocessBenchmark {
    @Param({"NCHW_F32", "NHWC_U8"})
    public String format;

    @Param({"1280x720", "640x480"})
    public String source;

    private RgbImage frame;
    private Preprocessor preprocessor;

    @Setup
    public void setUp() {
        int width = Integer.parseInt(source.substring(0, source.indexOf('x')));
        int height = Integer.parseInt(source.substring(source.indexOf('x') + 1));
        byte[] rgb = new byte[width * height * 3];
        new SplittableRandom(1).nextBytes(rgb);
        frame = RgbImage.of(width, height, rgb);
        preprocessor = new Preprocessor(format.equals("NCHW_F32") ? Preprocessing.imagenetTorchvision(224)
                : Preprocessing.tfliteUint8(224));
    }

    @Benchmark
    public Object preprocess() {
        return preprocessor.tensor(frame);
    }
}
