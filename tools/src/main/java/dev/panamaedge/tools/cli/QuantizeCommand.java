package dev.panamaedge.tools.cli;

import dev.panamaedge.models.quant.Preset;
import dev.panamaedge.models.quant.RangeMethod;
import dev.panamaedge.tools.quant.Quantization;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge quantize}: post-training INT8 quantization of an FP32 IR, calibrated with the reference engine. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Calibrate activation ranges with the reference engine over real photos (plus augmented crops"
                + " and flips) and write an INT8 IR: per-tensor FakeQuantize on activations, per-channel symmetric"
                + " int8 weights, placed where OpenVINO's low-precision transformations run int8 kernels.")
final class QuantizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "FP32 model directory or .xml")
    Path model;

    @Option(names = "--calibration", required = true, paramLabel = "DIR", description = "folder of photos")
    Path calibration;

    @Option(names = "--samples", paramLabel = "COUNT", defaultValue = "300",
            description = "calibration samples; photos first, then augmented variants (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "new INT8 model directory")
    Path out;

    @Option(names = "--preset", paramLabel = "PRESET", defaultValue = "performance",
            description = "performance (symmetric activations) or mixed (asymmetric); default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--range", paramLabel = "METHOD", defaultValue = "minmax",
            description = "activation range estimator: minmax, percentile, mse or mean_minmax (the mean of each sample's"
                    + " min and max, NNCF's default); default: ${DEFAULT-VALUE}")
    String range;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "augmentation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--export-calibration", paramLabel = "FILE", description = "also write the samples as .npy")
    Path exportNpy;

    @Option(names = "--nncf-out", paramLabel = "DIR",
            description = "also quantize the same FP32 IR with NNCF on the same samples, into this directory")
    Path nncfOut;

    @Option(names = "--no-bias-correction", negatable = false,
            description = "skip bias correction (the per-channel output mean shift folded into each bias)")
    boolean noBiasCorrection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            try {
                Preset p = parse(Preset.class, preset, "--preset");
                RangeMethod r = parse(RangeMethod.class, range, "--range");
                if (samples < 1) {
                    throw new UsageException("--samples must be at least 1, got " + samples);
                }
                var outcome = new Quantization(model, calibration, samples, seed, out, p, r, Optional.ofNullable(exportNpy),
                        Optional.ofNullable(nncfOut), !noBiasCorrection).run(spec.commandLine().getErr());
                var w = spec.commandLine().getOut();
                w.printf("INT8 model: %s (%d activation quantizers, %d int8 weight tensors, %d biases corrected,"
                        + " %d calibration samples, %s, %s)%n", outcome.int8Xml(), outcome.activationQuantizers(),
                        outcome.quantizedWeights(), outcome.biasCorrected(), outcome.samples(), preset, range);
                outcome.nncfXml().ifPresent(n -> w.printf("NNCF INT8 model: %s %s%n", n, outcome.nncfSummary()));
                w.flush();
                return Failures.EXIT_OK;
            } catch (IllegalArgumentException e) {
                // Our libraries throw it for what the user can fix: occupied --out, unknown name, empty folder.
                throw e instanceof dev.panamaedge.runtime.image.ImageDecodeException ? e : new UsageException(e.getMessage());
            }
        });
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " '" + value + "' is not one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
