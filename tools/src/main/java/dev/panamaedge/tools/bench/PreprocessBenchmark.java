package dev.panamaedge.tools.bench;

import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.runtime.image.RgbImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resize, centre crop and normalization of one decoded frame into a 224 px input (what every image request
 * pays before inference), for a 720p and a VGA source, into an f32 NCHW (torchvision) and a u8 NHWC (TFLite)
 * input. Run: {@code ./edge jmh PreprocessBenchmark}.
 *
 * <ul>
 *   <li>{@code preprocess}: {@link Preprocessor#tensor} (a new heap tensor per frame), Vector API kernels.
 *   <li>{@code writeInto} / {@code writeIntoScalar}: the fused pass into a reused native segment, through the
 *       Vector API kernels and through their scalar twins (a fork with {@code -Dedge.vector.bits=0}).
 *   <li>{@code floatPass}: the two-pass shape the fused pass replaced, {@link Preprocessor#normalized} into a
 *       float array, then an element-by-element store into the segment.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PreprocessBenchmark {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Param({"NCHW_F32", "NHWC_U8"})
    public String format;

    @Param({"1280x720", "640x480"})
    public String source;

    private RgbImage frame;
    private Preprocessor preprocessor;
    private Arena arena;
    private MemorySegment input;

    @Setup
    public void setUp() {
        int width = Integer.parseInt(source.substring(0, source.indexOf('x')));
        int height = Integer.parseInt(source.substring(source.indexOf('x') + 1));
        byte[] rgb = new byte[width * height * 3];
        new SplittableRandom(1).nextBytes(rgb);
        frame = RgbImage.of(width, height, rgb);
        preprocessor = new Preprocessor(format.equals("NCHW_F32") ? Preprocessing.imagenetTorchvision(224)
                : Preprocessing.tfliteUint8(224));
        arena = Arena.ofShared();
        input = arena.allocate(preprocessor.imageByteSize(), 64);
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public Object preprocess() {
        return preprocessor.tensor(frame);
    }

    @Benchmark
    public MemorySegment writeInto() {
        preprocessor.writeInto(frame, input, 0);
        return input;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Dedge.vector.bits=0"})
    public MemorySegment writeIntoScalar() {
        preprocessor.writeInto(frame, input, 0);
        return input;
    }

    @Benchmark
    public MemorySegment floatPass() {
        float[] values = preprocessor.normalized(frame);
        if (format.equals("NCHW_F32")) {
            for (int i = 0; i < values.length; i++) {
                input.set(F32_LE, (long) i * Float.BYTES, values[i]);
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                input.set(ValueLayout.JAVA_BYTE, i, (byte) Math.max(0, Math.min(255, Math.rint(values[i]))));
            }
        }
        return input;
    }
}
