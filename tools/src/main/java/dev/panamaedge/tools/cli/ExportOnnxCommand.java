package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ir.UnsupportedOpException;
import dev.panamaedge.tools.onnx.OnnxModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edge models export-onnx}: an FP32 IR as ONNX (written by the project, op for op, same weights), and
 * optionally ONNX Runtime's own QDQ INT8 model of it: what {@code edge bench --engine onnxruntime} compares with.
 */
@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = {"Write an FP32 IR as OUT/model.onnx (opset 17, the IR's weights and metadata.json), for"
                + " bench --engine onnxruntime.",
            "With --int8-out: also ONNX Runtime's static quantization of it (QDQ, u8 activations, per-channel s8"
                    + " weights, min/max), calibrated on the samples edge quantize uses (same --calibration,"
                    + " --samples, --seed)."})
final class ExportOnnxCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "FP32 model directory or .xml")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "new directory for model.onnx")
    Path out;

    @Option(names = "--int8-out", paramLabel = "DIR", description = "new directory for ONNX Runtime's QDQ INT8 model.onnx")
    Path int8Out;

    @Option(names = "--calibration", paramLabel = "DIR", description = "with --int8-out: folder of photos")
    Path calibration;

    @Option(names = "--samples", paramLabel = "COUNT", defaultValue = "300",
            description = "with --int8-out: calibration samples, photos first (default: ${DEFAULT-VALUE}, as edge quantize)")
    int samples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "with --int8-out: augmentation seed (default: ${DEFAULT-VALUE}, as edge quantize)")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            if (int8Out != null && calibration == null) {
                throw new UsageException("--int8-out needs --calibration DIR (the photos edge quantize calibrates on)");
            }
            if (int8Out == null && calibration != null) {
                throw new UsageException("--calibration is for --int8-out");
            }
            if (samples < 1) {
                throw new UsageException("--samples must be at least 1, got " + samples);
            }
            PrintWriter w = spec.commandLine().getOut();
            try {
                Path onnx = OnnxModels.export(model, out);
                w.println("ONNX model: " + onnx);
                w.flush();
                if (int8Out != null) {
                    var q = OnnxModels.quantize(onnx, calibration, samples, seed, int8Out, spec.commandLine().getErr());
                    w.println("ONNX Runtime INT8 model: " + q.onnx() + " " + q.summary());
                    w.flush();
                }
                return Failures.EXIT_OK;
            } catch (UnsupportedOpException e) {
                throw new UsageException("cannot export " + model + " to ONNX: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                // Our libraries throw it for what the user can fix: occupied --out, empty photo folder.
                throw e instanceof dev.panamaedge.runtime.image.ImageDecodeException ? e : new UsageException(e.getMessage());
            }
        });
    }
}
