package dev.panamaedge.tools.cli;

import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.runtime.image.RgbImage;
import dev.panamaedge.tools.quant.Agreement;
import dev.panamaedge.tools.quant.Ranking;
import dev.panamaedge.tools.report.Augmentation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The accuracy column of {@code edge bench --accuracy DIR}: each measured engine, as it was compiled for the
 * measurement, against an FP32 baseline on the reference engine, over the photos of DIR and {@code augment}
 * seeded crops/flips of them (the inputs {@code edge validate --baseline --augment} compares on). Each model
 * preprocesses the pictures as its own metadata says, so a u8 NHWC model meets the same pictures as a float one.
 */
final class BenchAccuracy {
    /** Agreement of one row with the baseline. */
    record Result(int samples, double top1Agreement, double top5Overlap) {
    }

    private final List<RgbImage> pictures = new ArrayList<>();
    private final Ranking[] baseline;
    private final String description;

    BenchAccuracy(ModelProfile baseline, List<Path> photos, int augment, long seed, PrintWriter progress)
            throws IOException {
        List<RgbImage> originals = new ArrayList<>();
        for (Path p : photos) {
            originals.add(ImageDecoder.read(p));
        }
        pictures.addAll(originals);
        for (int a = 0; a < augment; a++) {
            pictures.add(Augmentation.variant(originals.get(a % originals.size()), seed, a));
        }
        try (Engine ref = Engines.open(Engines.REFERENCE, baseline, "CPU", Optional.empty(), Optional.empty())) {
            this.baseline = Agreement.rankings(ref, inputs(baseline, ref), 5, progress);
        }
        this.description = "top-1 agreement and top-5 overlap with the FP32 baseline " + baseline.name()
                + " on the reference engine, over " + originals.size() + " photos and " + augment + " crops/flips (seed "
                + seed + ")";
    }

    /** What the accuracy figures are, for the report. */
    String description() {
        return description;
    }

    /** {@code engine} (running {@code model}) against the baseline. */
    Result of(ModelProfile model, Engine engine, PrintWriter progress) {
        Agreement a = Agreement.compare(baseline, Agreement.rankings(engine, inputs(model, engine), 5, progress));
        return new Result(a.samples(), a.top1Rate(), a.top5Rate());
    }

    private List<Tensor> inputs(ModelProfile model, Engine engine) {
        TensorSpec spec = ClassifyCommand.single(engine.inputs(), "input");
        var pre = new Preprocessor(model.preprocessing(spec, new PrintWriter(PrintWriter.nullWriter())));
        return pictures.stream().map(pre::tensor).toList();
    }
}
