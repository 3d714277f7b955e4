package dev.panamaedge.tools.bench;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.openvino.PerformanceHint;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Single-image MobileNetV2 inference latency, native (OpenVINO through FFM, latency hint) versus the
 * pure-Java reference engine, on the same seeded model and the same input.
 *
 * <p>Run: {@code ./edge jmh InferenceBenchmark} (add {@code -p width=0.35 -p resolution=96} for the small
 * model, {@code -p precision=f32} for an FP32-to-FP32 comparison with the reference engine). The model comes from the model store ({@code edge.model.store}, set by {@code ./edge}; forks
 * inherit the launcher's JVM arguments) and is created on first use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class InferenceBenchmark {
    @Param({"native", "reference"})
    public String engine;

    @Param({"1.0"})
    public double width;

    @Param({"224"})
    public int resolution;

    /** The native engine's INFERENCE_PRECISION_HINT; {@code default} is the device's choice (bf16 on AVX-512 BF16). */
    @Param({"default"})
    public String precision;

    private Engine opened;
    private Inference inference;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        var spec = new MobileNetV2Spec(width, resolution, 1000);
        Path xml = ModelStore.fromEnvironment().ensureMobileNetV2(spec, ModelStore.DEFAULT_SEED);
        opened = switch (engine) {
            case "native" -> {
                CompileOptions options = CompileOptions.cpu().withHint(PerformanceHint.LATENCY);
                yield OpenVinoEngine.load(xml, precision.equals("default") ? options
                        : options.withExtra("INFERENCE_PRECISION_HINT", precision));
            }
            case "reference" -> {
                try (IrModel ir = IrReader.read(xml)) {
                    yield ReferenceEngine.load(ir);
                }
            }
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
        TensorSpec input = opened.inputs().get(0);
        Map<String, Tensor> feed = Map.of(input.name(), randomInput(input));
        Engine e = opened;
        inference = () -> e.run(feed);
        inference.infer(); // first call compiles kernels / allocates plans outside the measurement
    }

    @Benchmark
    public Object infer() {
        return inference.infer();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (opened != null) {
            opened.close();
        }
    }

    private static Tensor randomInput(TensorSpec spec) {
        long[] dims = spec.dims();
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.max(dims[i], 1);
        }
        Shape shape = Shape.of(dims);
        float[] v = new float[Math.toIntExact(shape.elementCount())];
        var random = new SplittableRandom(42);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.max(-3, Math.min(3, random.nextGaussian()));
        }
        return Tensor.ofFloats(shape, v);
    }
}
