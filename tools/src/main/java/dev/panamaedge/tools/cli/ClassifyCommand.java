package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.Prediction;
import dev.panamaedge.runtime.image.Preprocessor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge classify}: the top classes of each image on one engine. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify images: the top classes and their probabilities for each image.")
final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL",
            description = "model.xml, an ONNX/TFLite file (native engine), or a directory with model.xml;"
                    + " default: the embedded MobileNetV2")
    Path model;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = Engines.NATIVE,
            description = "native or reference (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "CPU",
            description = "OpenVINO device for the native engine (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5",
            description = "classes to print per image (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--inference-precision", paramLabel = "P", defaultValue = "f32",
            description = "native engine's INFERENCE_PRECISION_HINT (f32, bf16, f16) or 'default' for the device's"
                    + " choice, which is bf16 on CPUs with AVX-512 BF16/AMX (default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--json", description = "print one JSON document instead of text")
    boolean json;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "JPEG, PNG or BMP files")
    List<Path> images;

    @Spec
    CommandSpec spec;

    /** One image's result in the JSON report. */
    record ImageResult(String image, List<Prediction> predictions) {
    }

    /** The JSON report. */
    record ClassifyReport(int schemaVersion, String model, String engine, String device, String scores,
                          List<ImageResult> results) {
    }

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            checkOptions();
            return classify();
        });
    }

    private void checkOptions() {
        if (top < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be at least 1, got " + top);
        }
        if (!Engines.NAMES.contains(engine)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--engine must be one of " + Engines.NAMES + ", got '" + engine + "'");
        }
    }

    private int classify() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelProfile profile = ModelProfile.resolve(Optional.ofNullable(model), err);
        List<ImageResult> results = new ArrayList<>();
        String scoresUsed = null;
        boolean warned = false;
        try (Engine e = Engines.open(engine, profile, device, Optional.empty(),
                precision.equals("default") ? Optional.empty() : Optional.of(precision))) {
            TensorSpec input = single(e.inputs(), "input");
            Preprocessing p = profile.preprocessing(input, err);
            var preprocessor = new Preprocessor(p);
            for (Path image : images) {
                // A JPEG decodes at the smallest DCT scale that covers the resize target, as the server does.
                Tensor tensor = preprocessor.tensor(ImageDecoder.read(image, preprocessor.resizedShorterSide()));
                if (!input.accepts(tensor.shape())) {
                    throw new UsageException("preprocessing gives " + tensor.shape() + " but the model input is "
                            + input + "; fix the preprocessing in the model's metadata.json");
                }
                Map<String, Tensor> outputs = e.run(Map.of(input.name(), tensor));
                Tensor output = Engines.firstOutput(e, outputs);
                float[] scores = output.toFloatArray();
                Classification.Scores kind = profile.scores(scores);
                if (Classification.renormalises(output.type(), kind, profile.outputQuantization()) && !warned) {
                    // A quantized softmax counts probability in equal steps; without its scale the codes
                    // divided by their sum recover the distribution up to rounding.
                    err.println("edge: " + profile.name() + " has a " + output.type().irName() + " output without"
                            + " outputQuantization in its metadata; its codes are renormalised to sum 1");
                    err.flush();
                    warned = true;
                }
                float[] probabilities = Classification.probabilities(scores, output.type(), kind,
                        profile.outputQuantization());
                scoresUsed = kind.name().toLowerCase(java.util.Locale.ROOT);
                results.add(new ImageResult(image.toString(), Classification.top(probabilities, profile.labels(), top)));
            }
        }
        if (json) {
            CliJson.print(out, new ClassifyReport(1, profile.name(), engine, device, scoresUsed, results));
        } else {
            for (ImageResult r : results) {
                out.println(r.image());
                int rank = 1;
                for (Prediction pr : r.predictions()) {
                    out.printf("  %d. %6.2f %%  %s (%d)%n", rank++, 100.0 * pr.probability(), pr.label(), pr.index());
                }
            }
            out.flush();
        }
        return Failures.EXIT_OK;
    }

    static TensorSpec single(List<TensorSpec> specs, String what) {
        if (specs.size() != 1) {
            throw new UsageException("expected a model with one " + what + ", it has " + specs.size() + ": " + specs);
        }
        return specs.get(0);
    }
}
