package dev.panamaedge.tools.cli;

import dev.panamaedge.tools.quant.Dequantization;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge models dequantize}: a quantized IR (ovc's output for a quantized TFLite) into an FP32 IR. */
@Command(name = "dequantize", mixinStandardHelpOptions = true,
        description = "Fold weight dequantization into f32 constants and drop activation quantization (keeping"
                + " ReLU/ReLU6 ranges as Clamp): a pretrained FP32 model to quantize again.")
final class DequantizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "quantized model directory or .xml")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "new FP32 model directory")
    Path out;

    @Option(names = "--off-grid-seed", paramLabel = "N",
            description = "then move every weight by a seeded uniform offset within half its quantization step: a"
                    + " float model on no grid that still classifies like the original, to test quantizers on")
    Long offGridSeed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            try {
                var r = Dequantization.run(model, out, offGridSeed == null ? java.util.OptionalLong.empty()
                        : java.util.OptionalLong.of(offGridSeed));
                spec.commandLine().getOut().printf("dequantized %s -> %s: %d constant layers folded, %d FakeQuantize"
                                + " -> Clamp, %d dropped, %d input maps, %d output stages removed%n", model, r.xml(),
                        r.foldedLayers(), r.clamps(), r.droppedFakeQuantize(), r.affineMaps(), r.outputStagesRemoved());
                if (offGridSeed != null) {
                    spec.commandLine().getOut().printf("weights moved off their grid (seed %d): %d tensors%n",
                            offGridSeed, r.offGridTensors());
                }
                spec.commandLine().getOut().flush();
                return Failures.EXIT_OK;
            } catch (IllegalArgumentException e) {
                // Our libraries throw it for what the user can fix: occupied --out, unknown name, empty folder.
                throw e instanceof dev.panamaedge.runtime.image.ImageDecodeException ? e : new UsageException(e.getMessage());
            }
        });
    }
}
