package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rewrites a quantized IR as {@code ovc} imports it from a quantized TFLite model into the INT8 form
 * {@link Int8Quantizer} writes, with no calibration: the activation ranges are the model's own (its activation
 * FakeQuantize ranges, which {@link Dequantizer} keeps), the weights become per-channel symmetric int8.
 *
 * <p>Why: {@code ovc} expresses TFLite's per-tensor asymmetric u8 weights as {@code u8 → Subtract(zero point) →
 * Multiply}, which the CPU plugin does not run in its int8 kernels, so the imported model computes in float.
 * Re-expressed, the same trained ranges and (where they fit in -127..127, bit for bit the same) weights run
 * the int8 kernels. The model keeps its u8 input and outputs the float SoftMax (the u8 output stage is dropped).
 */
public final class Requantizer {
    private Requantizer() {
    }

    /** The INT8 model and what was done. */
    public record Result(IrModel model, int activationQuantizers, int quantizedWeights) {
    }

    /**
     * @throws InvalidModelException when a tensor the plan quantizes has no range of the model's own (the source
     *                               is not a fully quantized model), or there is nothing to quantize
     */
    public static Result requantize(IrModel quantized, Preset preset) {
        Objects.requireNonNull(quantized, "quantized");
        Objects.requireNonNull(preset, "preset");
        Dequantizer.Result dq = Dequantizer.toFloat(quantized);
        try (IrModel fp32 = dq.model()) {
            Map<String, ActivationRange> ranges = dq.activationRanges();
            List<String> missing = QuantizationPlan.of(fp32).tensors().stream()
                    .filter(t -> !ranges.containsKey(t)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidModelException("model '" + quantized.name() + "' carries no quantization range for "
                        + missing.size() + " tensor(s) the int8 model needs (first: '" + missing.getFirst()
                        + "'); it is not a fully quantized model: dequantize it and use `edge quantize`");
            }
            Int8Quantizer.Result q = Int8Quantizer.quantize(fp32, ranges, preset, Set.of(), Map.of(), ranges.keySet());
            return new Result(q.model(), q.activationQuantizers(), q.quantizedWeights());
        }
    }
}
