package dev.panamaedge.tools.quant;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.Provenance;
import dev.panamaedge.models.quant.Dequantizer;
import dev.panamaedge.models.quant.OffGridWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** {@code edge models dequantize}: a quantized model directory into an FP32 one, sidecar included. */
public final class Dequantization {
    private Dequantization() {
    }

    /** The FP32 model's {@code model.xml} and what {@link Dequantizer} did. */
    public record Outcome(Path xml, int foldedLayers, int clamps, int droppedFakeQuantize, int affineMaps,
                          int outputStagesRemoved, int offGridTensors) {
    }

    /** The plain dequantized model, weights on their grid. */
    public static Outcome run(Path model, Path out) throws IOException {
        return run(model, out, OptionalLong.empty());
    }

    /**
     * With {@code offGridSeed}, every weight is then moved by a seeded uniform offset within half its grid step
     * ({@link OffGridWeights}): a float model on no grid, for testing post-training quantization.
     *
     * @throws IllegalArgumentException when the source has no metadata sidecar or {@code out} holds files, or the
     *                                  weights lie on no grid to move them off
     */
    public static Outcome run(Path model, Path out, OptionalLong offGridSeed) throws IOException {
        Path xml = ModelDirectory.xmlOf(model);
        ModelMetadata source = ModelDirectory.metadataOf(xml).orElseThrow(() -> new IllegalArgumentException(
                "no metadata.json beside " + xml + "; import the model with `edge models import` first"));
        try (IrModel q = IrReader.read(xml)) {
            Dequantizer.Result r = Dequantizer.toFloat(q);
            Map<String, String> details = new LinkedHashMap<>(source.provenance().details());
            details.put("dequantizedFrom", xml.toAbsolutePath().toString());
            details.put("foldedLayers", Integer.toString(r.foldedLayers()));
            details.put("clamps", Integer.toString(r.clamps()));
            try (IrModel fp32 = r.model()) {
                OffGridWeights.Result off = null;
                if (offGridSeed.isPresent()) {
                    off = OffGridWeights.move(fp32, offGridSeed.getAsLong());
                    if (off.moved() == 0) {
                        off.model().close();
                        throw new IllegalArgumentException(xml + ": no weight tensor lies on a grid to move off it");
                    }
                    details.put("offGridSeed", Long.toString(offGridSeed.getAsLong()));
                    details.put("offGridTensors", off.moved() + " moved, " + off.offGrid() + " on no grid");
                }
                // The output stage (FakeQuantize + Convert to u8) is gone: the model now outputs f32 SoftMax values.
                ModelMetadata meta = new ModelMetadata(source.name() + (off == null ? "_fp32" : "_fp32_off_grid"),
                        source.preprocessing(), source.labels(), source.labelOffset(), source.outputKind(),
                        new Provenance(source.provenance().source(), "edge models dequantize",
                                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), source.provenance().sha256(),
                                details));
                Path written;
                if (off == null) {
                    written = ModelDirectory.write(fp32, meta, out);
                } else {
                    try (IrModel moved = off.model()) {
                        written = ModelDirectory.write(moved, meta, out);
                    }
                }
                return new Outcome(written, r.foldedLayers(), r.clamps(), r.droppedFakeQuantize(), r.affineMaps(),
                        r.outputStagesRemoved(), off == null ? 0 : off.moved());
            }
        }
    }
}
