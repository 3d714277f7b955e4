package dev.panamaedge.tools.quant;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.Provenance;
import dev.panamaedge.models.quant.Dequantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code edge models dequantize}: a quantized model directory into an FP32 one, sidecar included. */
public final class Dequantization {
    private Dequantization() {
    }

    /** The FP32 model's {@code model.xml} and what {@link Dequantizer} did. */
    public record Outcome(Path xml, int foldedLayers, int clamps, int droppedFakeQuantize, int affineMaps,
                          int outputStagesRemoved) {
    }

    /**
     * @throws IllegalArgumentException when the source has no metadata sidecar or {@code out} holds files
     */
    public static Outcome run(Path model, Path out) throws IOException {
        Path xml = ModelDirectory.xmlOf(model);
        ModelMetadata source = ModelDirectory.metadataOf(xml).orElseThrow(() -> new IllegalArgumentException(
                "no metadata.json beside " + xml + "; import the model with `edge models import` first"));
        try (IrModel q = IrReader.read(xml)) {
            Dequantizer.Result r = Dequantizer.toFloat(q);
            Map<String, String> details = new LinkedHashMap<>(source.provenance().details());
            details.put("dequantizedFrom", xml.toAbsolutePath().toString());
            details.put("foldedLayers", Integer.toString(r.foldedLayers()));
            details.put("clamps", Integer.toString(r.clamps()));
            // The output stage (FakeQuantize + Convert to u8) is gone: the model now outputs f32 SoftMax values.
            ModelMetadata meta = new ModelMetadata(source.name() + "_fp32", source.preprocessing(), source.labels(),
                    source.labelOffset(), source.outputKind(), new Provenance(source.provenance().source(),
                    "edge models dequantize", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    source.provenance().sha256(), details));
            try (IrModel fp32 = r.model()) {
                Path written = ModelDirectory.write(fp32, meta, out);
                return new Outcome(written, r.foldedLayers(), r.clamps(), r.droppedFakeQuantize(), r.affineMaps(),
                        r.outputStagesRemoved());
            }
        }
    }
}
