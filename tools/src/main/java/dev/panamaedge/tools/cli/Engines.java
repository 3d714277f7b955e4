package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.openvino.PerformanceHint;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.tools.onnx.OnnxRuntimeEngine;
import dev.panamaedge.tools.onnx.OrtSettings;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the engines the CLI names: {@code native} (OpenVINO through FFM), {@code reference} (pure Java) and
 * {@code onnxruntime} (ONNX Runtime's Java API on the same weights, the peer we compare with).
 */
final class Engines {
    static final String NATIVE = "native";
    static final String REFERENCE = "reference";
    static final String ONNXRUNTIME = OnnxRuntimeEngine.NAME;
    static final List<String> NAMES = List.of(NATIVE, REFERENCE, ONNXRUNTIME);
    static final String INFERENCE_PRECISION_HINT = "INFERENCE_PRECISION_HINT";

    private Engines() {
    }

    /**
     * @param precision OpenVINO's {@code INFERENCE_PRECISION_HINT} for the native engine ({@code f32},
     *                  {@code bf16}, {@code f16}); empty keeps the device default, which on CPUs with
     *                  AVX-512 BF16 or AMX is bf16, not f32
     */
    static Engine open(String name, ModelProfile model, String device, Optional<PerformanceHint> hint,
                       Optional<String> precision) throws IOException {
        return open(name, model, device, hint, precision, OrtSettings.best());
    }

    /** As above, with the onnxruntime engine's session settings ({@code device}, hint and precision are OpenVINO's). */
    static Engine open(String name, ModelProfile model, String device, Optional<PerformanceHint> hint,
                       Optional<String> precision, OrtSettings ort) throws IOException {
        return switch (name) {
            case NATIVE -> {
                CompileOptions options = CompileOptions.device(device);
                if (hint.isPresent()) {
                    options = options.withHint(hint.get());
                }
                if (precision.isPresent()) {
                    options = options.withExtra(INFERENCE_PRECISION_HINT, precision.get());
                }
                yield OpenVinoEngine.load(model.file(), options);
            }
            case REFERENCE -> {
                if (!model.isIr()) {
                    throw new UsageException("the reference engine reads OpenVINO IR (.xml) only, not " + model.file()
                            + "; convert it first: ./edge models import " + model.file() + " --out DIR");
                }
                // The reference engine decodes every constant into its own arrays while loading, so the
                // mapped weights can be released as soon as it is built.
                try (IrModel ir = IrReader.read(model.file())) {
                    yield ReferenceEngine.load(ir);
                }
            }
            case ONNXRUNTIME -> {
                try {
                    yield OnnxRuntimeEngine.load(model.file(), ort);
                } catch (dev.panamaedge.models.ir.UnsupportedOpException e) {
                    throw new UsageException("the onnxruntime engine runs an IR exported to ONNX, or an .onnx file: "
                            + e.getMessage());
                }
            }
            default -> throw new UsageException("unknown engine '" + name + "'; expected one of " + NAMES);
        };
    }

    /** The tensor of the engine's first output (the class scores of a classifier). */
    static Tensor firstOutput(Engine engine, Map<String, Tensor> outputs) {
        String name = engine.outputs().get(0).name();
        Tensor t = outputs.get(name);
        if (t == null) {
            if (outputs.isEmpty()) {
                throw new IllegalStateException(engine.name() + " returned no outputs");
            }
            t = outputs.values().iterator().next();
        }
        return t;
    }
}
