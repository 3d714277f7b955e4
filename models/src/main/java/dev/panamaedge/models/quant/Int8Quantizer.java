package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.Port;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the INT8 model: the float graph with FakeQuantize on the planned activations and int8 weights.
 *
 * <p>Activations get {@code FakeQuantize(levels 256)} with per-tensor ranges from the calibrator, made
 * symmetric or asymmetric by the {@link Preset}. Weights become {@code Const(i8) → Convert(f32) →
 * Multiply(per-channel scale)}, the compressed form NNCF writes and OpenVINO's low-precision transformations
 * read as a dequantization: codes {@code round(w / s)} in -127..127 with {@code s = max|w| / 127} per output
 * channel (the 255-level symmetric grid), except that weights already lying on a uniform grid (a dequantized
 * int8/u8 model: {@code (q - zeroPoint) · scale}) keep that grid's step in every channel whose codes fit in
 * -127..127, so those channels are represented exactly. With a FakeQuantize on the activation and this pattern
 * on the weights, the CPU plugin runs the convolution in int8. Optional {@link BiasCorrection} folds the
 * predicted mean output shift of each layer into its bias.
 */
public final class Int8Quantizer {
    private Int8Quantizer() {
    }

    /** The INT8 model and what was inserted. */
    public record Result(IrModel model, int activationQuantizers, int quantizedWeights, int biasCorrected) {
    }

    /**
     * @param fp32   a float model (no FakeQuantize yet)
     * @param ranges a range for every tensor of {@link QuantizationPlan#of(IrModel)}, as {@link Calibrator#ranges}
     *               returns them
     * @throws IllegalArgumentException when a planned tensor has no range
     */
    public static Result quantize(IrModel fp32, Map<String, ActivationRange> ranges, Preset preset) {
        return quantize(fp32, ranges, preset, Set.of());
    }

    /** As {@link #quantize(IrModel, Map, Preset)}, keeping the weighted layers named in {@code keepFloat} in float. */
    public static Result quantize(IrModel fp32, Map<String, ActivationRange> ranges, Preset preset,
                                  Set<String> keepFloat) {
        return quantize(fp32, ranges, preset, keepFloat, Map.of());
    }

    /**
     * As {@link #quantize(IrModel, Map, Preset, Set)}, with {@link BiasCorrection} of every weighted layer whose
     * input tensor has {@code means} (from {@link ChannelMeans} over the calibration samples) and a bias Add.
     */
    public static Result quantize(IrModel fp32, Map<String, ActivationRange> ranges, Preset preset,
                                  Set<String> keepFloat, Map<String, ChannelMeans.Means> means) {
        return quantize(fp32, ranges, preset, keepFloat, means, Set.of());
    }

    /**
     * As {@link #quantize(IrModel, Map, Preset, Set, Map)}, also quantizing, for all their readers, the tensors
     * named in {@code everywhere} that the plan leaves in float (by producing layer, each with a range): a
     * quantized model's own quantization points, such as the input of an average pool or the logits, which the
     * model's arithmetic rounded and an equivalent int8 model should round too.
     */
    public static Result quantize(IrModel fp32, Map<String, ActivationRange> ranges, Preset preset,
                                  Set<String> keepFloat, Map<String, ChannelMeans.Means> means,
                                  Set<String> everywhere) {
        Objects.requireNonNull(fp32, "fp32");
        Objects.requireNonNull(everywhere, "everywhere");
        Objects.requireNonNull(means, "means");
        Objects.requireNonNull(ranges, "ranges");
        Objects.requireNonNull(preset, "preset");
        GraphEditor g = new GraphEditor(fp32);
        Dequantizer.foldConstants(g);
        QuantizationPlan plan = QuantizationPlan.of(g, keepFloat);
        Map<Integer, ChannelMeans.Means> inputMeans = new HashMap<>();
        for (int layer : plan.weightedLayers()) {
            Edge src = QuantizationPlan.source(g, g.input(layer, 0));
            ChannelMeans.Means m = means.get(g.layer(src.fromLayer()).name());
            if (m != null) {
                inputMeans.put(layer, m);
            }
        }
        for (ActivationPoint p : plan.activations()) {
            ActivationRange r = ranges.get(p.tensor());
            if (r == null) {
                throw new IllegalArgumentException("no calibrated range for tensor '" + p.tensor()
                        + "': calibrate with the same float model");
            }
            insertActivationQuantizer(g, p, FakeQuantizeParams.activation(r, preset));
        }
        int extra = 0;
        java.util.Set<String> planned = new java.util.HashSet<>(plan.tensors());
        for (Layer l : g.layers()) {
            if (!everywhere.contains(l.name()) || planned.contains(l.name()) || l.outputs().size() != 1) {
                continue;
            }
            ActivationRange r = ranges.get(l.name());
            if (r == null) {
                throw new IllegalArgumentException("no range for tensor '" + l.name() + "'");
            }
            int port = l.output(0).id();
            insertActivationQuantizer(g, new ActivationPoint(l.name(), l.id(), port, g.consumers(l.id(), port)),
                    FakeQuantizeParams.activation(r, preset));
            extra++;
        }
        int corrected = 0;
        for (int layer : plan.weightedLayers()) {
            corrected += quantizeWeights(g, layer, inputMeans.get(layer)) ? 1 : 0;
        }
        Map<String, String> info = new HashMap<>(fp32.runtimeInfo());
        info.put("panama_edge/transform", "int8 " + preset.name().toLowerCase(java.util.Locale.ROOT));
        IrModel model = g.build(fp32.name() + "_int8", info);
        return new Result(model, plan.activations().size() + extra, plan.weightedLayers().size(), corrected);
    }

    private static void insertActivationQuantizer(GraphEditor g, ActivationPoint p, FakeQuantizeParams q) {
        Port data = g.outputPort(p.producerLayer(), p.producerPort());
        String name = p.tensor() + "/fq";
        int[] bounds = new int[4];
        float[] values = {q.low(), q.high(), q.low(), q.high()};
        String[] suffix = {"/input_low", "/input_high", "/output_low", "/output_high"};
        for (int i = 0; i < 4; i++) {
            bounds[i] = g.addConstant(name + suffix[i], ConstantTensor.scalar(ElementType.F32, values[i], data.rank()));
        }
        Port scalar = g.outputPort(bounds[0], 0);
        int fq = g.addLayer(name, "FakeQuantize", "opset1",
                Map.of("levels", Integer.toString(q.levels()), "auto_broadcast", "numpy"),
                List.of(data, scalar, scalar, scalar, scalar), List.of(new Port(0, ElementType.F32, data.dims())));
        g.connect(p.producerLayer(), p.producerPort(), fq, 0);
        for (int i = 0; i < 4; i++) {
            g.connect(bounds[i], 0, fq, i + 1);
        }
        int out = g.layer(fq).output(0).id();
        for (Edge e : p.consumers()) {
            g.connect(fq, out, e.toLayer(), e.toPort());
        }
    }

    /** Returns whether the layer's bias was corrected. */
    private static boolean quantizeWeights(GraphEditor g, int layerId, ChannelMeans.Means means) {
        Layer layer = g.layer(layerId);
        Edge in = g.input(layerId, 1);
        ConstantTensor w = ConstantFolder.convert(g.constant(in.fromLayer()), ElementType.F32);
        long[] dims = w.dims();
        long[] scaleDims = new long[dims.length];
        java.util.Arrays.fill(scaleDims, 1);
        // Output-channel axes: Convolution [O, I, k..]; GroupConvolution [G, O/G, I/G, k..]; MatMul per column.
        switch (layer.type()) {
            case "Convolution" -> scaleDims[0] = dims[0];
            case "GroupConvolution" -> {
                scaleDims[0] = dims[0];
                scaleDims[1] = dims[1];
            }
            default -> {
                boolean transposeB = Boolean.parseBoolean(layer.attribute("transpose_b").orElse("false"));
                int axis = transposeB ? dims.length - 2 : dims.length - 1;
                scaleDims[axis] = dims[axis];
            }
        }
        int[] channelOf = ConstantFolder.broadcastIndex(scaleDims, dims);
        int channels = Math.toIntExact(ConstantTensor.count(scaleDims));
        double[] absMax = new double[channels];
        for (int i = 0; i < w.size(); i++) {
            absMax[channelOf[i]] = Math.max(absMax[channelOf[i]], Math.abs(w.values()[i]));
        }
        double[] scale = new double[channels];
        double step = gridStep(w.values());
        for (int c = 0; c < channels; c++) {
            // Weights that already sit on a grid (a dequantized int8/u8 model) keep it where it fits in
            // -127..127: then their int8 codes are exact instead of re-rounded onto a shifted grid.
            boolean onGrid = step > 0 && absMax[c] / step <= 127 + GRID_TOLERANCE;
            scale[c] = absMax[c] == 0 ? 1f : onGrid ? (float) step : (float) (absMax[c] / 127.0);
        }
        double[] codes = new double[w.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = Math.max(-127, Math.min(127, Math.rint(w.values()[i] / scale[channelOf[i]])));
        }
        boolean corrected = false;
        if (means != null) {
            double[] wq = new double[codes.length];
            for (int i = 0; i < codes.length; i++) {
                wq[i] = (float) ((float) codes[i] * (float) scale[channelOf[i]]);
            }
            double[] shift = BiasCorrection.shift(layer.type(),
                    Boolean.parseBoolean(layer.attribute("transpose_b").orElse("false")), dims, w.values(), wq, means);
            corrected = shift != null && BiasCorrection.fold(g, layerId, shift);
        }
        String name = layer.name() + "/weights";
        int q = g.addConstant(name + "/int8", new ConstantTensor(ElementType.I8, dims, codes));
        int s = g.addConstant(name + "/scale", new ConstantTensor(ElementType.F32, scaleDims, scale));
        Port i8 = g.outputPort(q, 0);
        int cvt = g.addLayer(name + "/to_f32", "Convert", "opset1", Map.of("destination_type", "f32"), List.of(i8),
                List.of(new Port(0, ElementType.F32, dims)));
        g.connect(q, 0, cvt, 0);
        Port f32 = g.layer(cvt).output(0);
        int mul = g.addLayer(name + "/dequantize", "Multiply", "opset1", Map.of("auto_broadcast", "numpy"),
                List.of(f32, g.outputPort(s, 0)), List.of(new Port(0, ElementType.F32, dims)));
        g.connect(cvt, f32.id(), mul, 0);
        g.connect(s, 0, mul, 1);
        g.connect(mul, g.layer(mul).output(0).id(), layerId, in.toPort());
        if (g.consumers(in.fromLayer()).isEmpty()) {
            g.remove(in.fromLayer());
        }
        return corrected;
    }

    /** How far from an integer {@code w / step} may be and still count as on the grid (f32 rounding). */
    static final double GRID_TOLERANCE = 1e-3;

    /**
     * The step of the uniform grid all of {@code w} lies on (every value an integer multiple of it, as after
     * dequantizing {@code (q - zeroPoint) · scale}), or 0 when there is none: the smallest gap between
     * distinct values, verified against every value.
     */
    static double gridStep(double[] w) {
        double[] sorted = java.util.Arrays.stream(w).map(Math::abs).sorted().distinct().toArray();
        double step = Double.POSITIVE_INFINITY;
        for (int i = 0; i < sorted.length; i++) {
            double gap = i == 0 ? sorted[0] : sorted[i] - sorted[i - 1];
            if (gap > 0) {
                step = Math.min(step, gap);
            }
        }
        if (!Double.isFinite(step) || sorted[sorted.length - 1] / step > 1 << 16) {
            return 0;
        }
        // A gap of two f32 values is only as exact as their rounding; the largest value over its multiple is not.
        step = sorted[sorted.length - 1] / Math.rint(sorted[sorted.length - 1] / step);
        for (double v : sorted) {
            double k = v / step;
            if (Math.abs(k - Math.rint(k)) > GRID_TOLERANCE) {
                return 0;
            }
        }
        return step;
    }
}
