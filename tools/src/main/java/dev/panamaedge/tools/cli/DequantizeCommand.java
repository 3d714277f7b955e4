package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.Provenance;
import dev.panamaedge.models.quant.Dequantizer;
import dev.panamaedge.tools.quant.ModelDirectory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            Path xml = ModelDirectory.xmlOf(model);
            var source = ModelDirectory.metadataOf(xml).orElseThrow(() -> new UsageException(
                    "no metadata.json beside " + xml + "; import the model with `edge models import` first"));
            try (IrModel q = IrReader.read(xml)) {
                Dequantizer.Result r = Dequantizer.toFloat(q);
                Map<String, String> details = new LinkedHashMap<>(source.provenance().details());
                details.put("dequantizedFrom", xml.toAbsolutePath().toString());
                details.put("foldedLayers", Integer.toString(r.foldedLayers()));
                details.put("clamps", Integer.toString(r.clamps()));
                ModelMetadata meta = new ModelMetadata(source.name() + "_fp32", source.preprocessing(), source.labels(),
                        source.labelOffset(), ModelMetadata.PROBABILITIES.equals(source.outputKind())
                        ? ModelMetadata.PROBABILITIES : source.outputKind(),
                        new Provenance(source.provenance().source(), "edge models dequantize",
                                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), source.provenance().sha256(),
                                details));
                Path written = ModelDirectory.write(r.model(), meta, out);
                spec.commandLine().getOut().printf("dequantized %s -> %s: %d constant layers folded, %d FakeQuantize"
                                + " -> Clamp, %d dropped, %d input maps, %d output stages removed%n", xml, written,
                        r.foldedLayers(), r.clamps(), r.droppedFakeQuantize(), r.affineMaps(), r.outputStagesRemoved());
                r.model().close();
            }
            spec.commandLine().getOut().flush();
            return Failures.EXIT_OK;
        });
    }
}
