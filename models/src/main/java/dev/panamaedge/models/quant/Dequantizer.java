package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.Port;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a quantized IR (as {@code ovc} makes it from a quantized TFLite model) into an FP32 IR.
 *
 * <ol>
 *   <li>Every op whose inputs are all constants is folded, so weight chains
 *       {@code Const(u8/i8) → Convert → Subtract(zero point) → Multiply(scale) → Reshape/Transpose} become one
 *       f32 {@code Const}: the model keeps exactly the weights the quantized network computes with.</li>
 *   <li>Activation FakeQuantize layers lose their rounding. One that maps a range onto itself becomes a
 *       {@code Clamp(0, high)} when its range starts at 0 (that range is a fused ReLU/ReLU6, which TFLite
 *       expresses only through quantization), and disappears otherwise (a linear tensor's saturation bound).
 *       One that maps one range onto another (the input's {@code u8 0..255 → [-1, 1]}) becomes
 *       {@code Clamp(inLow, inHigh) → Multiply → Add}, which is exact for integer inputs.</li>
 *   <li>Before each {@code Result}, trailing FakeQuantize and Convert-to-integer layers are removed, so the model
 *       outputs f32 probabilities instead of u8 codes.</li>
 * </ol>
 * The ranges the removed activation FakeQuantize layers gave their tensors are kept in
 * {@link Result#activationRanges()}: for a quantization-aware trained model they are its trained ranges, which
 * {@link Requantizer} gives {@link Int8Quantizer} instead of calibrated ones.
 * Only per-tensor activation FakeQuantize is supported; per-channel activation ranges raise
 * {@link UnsupportedOpException}.
 */
public final class Dequantizer {
    private Dequantizer() {
    }

    /**
     * What {@link #toFloat} did, for reports.
     *
     * @param activationRanges the output range of every activation FakeQuantize that was replaced, keyed by the
     *                         name of the float model's layer that now produces that tensor (the key
     *                         {@link QuantizationPlan#tensors()} uses), in graph order
     */
    public record Result(IrModel model, int foldedLayers, int clamps, int droppedFakeQuantize, int affineMaps,
                         int outputStagesRemoved, Map<String, ActivationRange> activationRanges) {
        public Result {
            activationRanges = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(activationRanges));
        }
    }

    /**
     * @throws UnsupportedOpException for per-channel activation FakeQuantize or an unfoldable constant chain
     * @throws InvalidModelException  when FakeQuantize ranges are not constants
     */
    public static Result toFloat(IrModel quantized) {
        Objects.requireNonNull(quantized, "quantized");
        GraphEditor g = new GraphEditor(quantized);
        int folded = foldConstants(g);
        int[] counts = new int[4];
        stripOutputStages(g, counts);
        Map<String, ActivationRange> ranges = new LinkedHashMap<>();
        for (Layer l : g.layers()) {
            if (l.type().equals("FakeQuantize") && g.contains(l.id())) {
                replaceActivationFakeQuantize(g, l, counts, ranges);
            }
        }
        Map<String, String> info = new HashMap<>(quantized.runtimeInfo());
        info.put("panama_edge/transform", "dequantized");
        IrModel model = g.build(quantized.name() + "_fp32", info);
        return new Result(model, folded, counts[0], counts[1], counts[2], counts[3], ranges);
    }

    /** Folds constant-only subgraphs in topological order; returns how many layers were folded. */
    static int foldConstants(GraphEditor g) {
        int folded = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Layer l : g.layers()) {
                if (!g.contains(l.id()) || l.type().equals("Const") || !ConstantFolder.canFold(l.type())
                        || l.inputs().isEmpty() || l.outputs().size() != 1) {
                    continue;
                }
                List<ConstantTensor> in = new ArrayList<>();
                boolean allConst = true;
                for (int i = 0; i < l.inputs().size() && allConst; i++) {
                    Layer p = g.producer(l.id(), i);
                    allConst = p.type().equals("Const");
                    if (allConst) {
                        in.add(g.constant(p.id()));
                    }
                }
                if (!allConst) {
                    continue;
                }
                ConstantTensor value = ConstantFolder.fold(l, in);
                Port out = l.output(0);
                int c = g.addConstant(l.name(), value);
                g.addOutputNames(c, 0, out.names());
                g.redirectConsumers(l.id(), out.id(), c, 0);
                g.remove(l.id());
                folded++;
                changed = true;
            }
        }
        return folded;
    }

    private static void stripOutputStages(GraphEditor g, int[] counts) {
        for (Layer result : g.layers()) {
            if (!result.type().equals("Result")) {
                continue;
            }
            while (true) {
                Edge in = g.input(result.id(), 0);
                Layer p = g.layer(in.fromLayer());
                boolean toInteger = p.type().equals("Convert")
                        && !ElementType.fromIrName(p.requireAttribute("destination_type")).isFloatingPoint();
                if (!toInteger && !p.type().equals("FakeQuantize")) {
                    break;
                }
                Edge src = g.input(p.id(), 0);
                g.addOutputNames(src.fromLayer(), src.fromPort(), g.outputPort(p.id(), in.fromPort()).names());
                g.connect(src.fromLayer(), src.fromPort(), result.id(), in.toPort());
                if (g.consumers(p.id()).isEmpty()) {
                    g.remove(p.id());
                }
                counts[3]++;
            }
        }
    }

    private static void replaceActivationFakeQuantize(GraphEditor g, Layer fq, int[] counts,
                                                      Map<String, ActivationRange> ranges) {
        float[] r = new float[4];
        for (int i = 1; i < 5; i++) {
            Layer c = g.producer(fq.id(), i);
            if (!c.type().equals("Const")) {
                throw new InvalidModelException("FakeQuantize '" + fq.name() + "': range input " + i
                        + " is not a constant (" + c.type() + ")");
            }
            ConstantTensor t = g.constant(c.id());
            if (!t.isUniform()) {
                throw new UnsupportedOpException("FakeQuantize", fq.name(),
                        "per-channel activation ranges cannot be dequantized");
            }
            r[i - 1] = (float) t.values()[0];
        }
        float inLow = r[0];
        float inHigh = r[1];
        float outLow = r[2];
        float outHigh = r[3];
        Edge src = g.input(fq.id(), 0);
        Port out = fq.output(0);
        Port data = g.outputPort(src.fromLayer(), src.fromPort());
        int tailLayer = src.fromLayer();
        int tailPort = src.fromPort();
        if (inLow != outLow || inHigh != outHigh) {
            tailLayer = clamp(g, fq.name() + "/clamp", data, tailLayer, tailPort, inLow, inHigh);
            tailPort = 1;
            float scale = (outHigh - outLow) / (inHigh - inLow);
            float shift = outLow - inLow * scale;
            tailLayer = eltwise(g, "Multiply", fq.name() + "/scale", data, tailLayer, tailPort, scale);
            tailPort = 2;
            tailLayer = eltwise(g, "Add", fq.name() + "/shift", data, tailLayer, tailPort, shift);
            counts[2]++;
        } else if (inLow == 0f) {
            tailLayer = clamp(g, fq.name(), data, tailLayer, tailPort, 0f, inHigh);
            tailPort = 1;
            counts[0]++;
        } else {
            counts[1]++;
        }
        g.addOutputNames(tailLayer, tailPort, out.names());
        g.redirectConsumers(fq.id(), out.id(), tailLayer, tailPort);
        g.remove(fq.id());
        // The tensor the FakeQuantize produced now comes from the tail; its quantized values spanned the output range.
        ranges.put(g.layer(tailLayer).name(), new ActivationRange(Math.min(outLow, outHigh), Math.max(outLow, outHigh)));
    }

    private static int clamp(GraphEditor g, String name, Port data, int from, int fromPort, float lo, float hi) {
        int id = g.addLayer(name, "Clamp", "opset1", Map.of("min", Float.toString(lo), "max", Float.toString(hi)),
                List.of(data), List.of(new Port(0, ElementType.F32, data.dims())));
        g.connect(from, fromPort, id, 0);
        return id;
    }

    private static int eltwise(GraphEditor g, String type, String name, Port data, int from, int fromPort,
                               float value) {
        int c = g.addConstant(name + "/value", ConstantTensor.scalar(ElementType.F32, value, data.rank()));
        Port scalar = g.outputPort(c, 0);
        int id = g.addLayer(name, type, "opset1", Map.of("auto_broadcast", "numpy"), List.of(data, scalar),
                List.of(new Port(0, ElementType.F32, data.dims())));
        g.connect(from, fromPort, id, 0);
        g.connect(c, 0, id, 1);
        return id;
    }
}
