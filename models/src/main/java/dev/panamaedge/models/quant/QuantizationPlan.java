package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.UnsupportedOpException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where FakeQuantize goes, following the pattern OpenVINO's low-precision transformations recognise and
 * NNCF produces for the CPU plugin:
 * <ul>
 *   <li>activations feeding {@code Convolution}, {@code GroupConvolution} and {@code MatMul} (input 0), and
 *       both inputs of an {@code Add} of two activations (residual connections), one per-tensor FakeQuantize
 *       per producing tensor, shared by all such consumers;</li>
 *   <li>a quantizer is moved up through a single-consumer {@code AvgPool}, {@code MaxPool}, {@code ReduceMean},
 *       {@code Reshape}, {@code Squeeze} or {@code Unsqueeze}, as NNCF propagates it, so the pooling runs on
 *       int8 data too;</li>
 *   <li>the constant weights of every weighted layer, per output channel.</li>
 * </ul>
 *
 * @param activations   the activation tensors to quantize, in graph order
 * @param weightedLayers ids of the layers whose weights (input 1) are quantized
 */
public record QuantizationPlan(List<ActivationPoint> activations, List<Integer> weightedLayers) {
    static final Set<String> WEIGHTED = Set.of("Convolution", "GroupConvolution", "MatMul");
    private static final Set<String> TRANSPARENT = Set.of("AvgPool", "MaxPool", "ReduceMean", "Reshape", "Squeeze",
            "Unsqueeze");

    public QuantizationPlan {
        activations = List.copyOf(activations);
        weightedLayers = List.copyOf(weightedLayers);
    }

    /** The tensors a calibrator must observe (producer layer names). */
    public List<String> tensors() {
        return activations.stream().map(ActivationPoint::tensor).toList();
    }

    /**
     * Plans a float model.
     *
     * @throws InvalidModelException  when the model has nothing to quantize
     * @throws UnsupportedOpException when a weighted layer's weights are not constant after folding
     */
    public static QuantizationPlan of(IrModel fp32) {
        return of(fp32, Set.of());
    }

    /**
     * Plans a float model, keeping the weighted layers named in {@code keepFloat} (and their inputs, unless
     * another quantized layer shares them) in float: the mixed-precision escape hatch NNCF calls an ignored
     * scope.
     *
     * @throws IllegalArgumentException when a name in {@code keepFloat} is not a weighted layer of the model
     */
    public static QuantizationPlan of(IrModel fp32, Set<String> keepFloat) {
        Objects.requireNonNull(fp32, "fp32");
        GraphEditor g = new GraphEditor(fp32);
        Dequantizer.foldConstants(g);
        return of(g, keepFloat);
    }

    static QuantizationPlan of(GraphEditor g, Set<String> keepFloat) {
        for (String name : keepFloat) {
            if (g.layers().stream().noneMatch(l -> l.name().equals(name) && WEIGHTED.contains(l.type()))) {
                throw new IllegalArgumentException("no Convolution, GroupConvolution or MatMul named '" + name + "'");
            }
        }
        Map<Long, List<Edge>> points = new LinkedHashMap<>();
        List<Integer> weighted = new ArrayList<>();
        for (Layer l : g.layers()) {
            if (l.type().equals("FakeQuantize")) {
                throw new UnsupportedOpException("FakeQuantize", l.name(),
                        "the model is already quantized; run `edge models dequantize` first");
            }
            if (WEIGHTED.contains(l.type()) && !keepFloat.contains(l.name())) {
                Layer w = g.producer(l.id(), 1);
                if (!w.type().equals("Const")) {
                    if (l.type().equals("MatMul")) {
                        continue; // an activation × activation MatMul has no weights to quantize
                    }
                    throw new UnsupportedOpException(l.type(), l.name(), "weights are computed at run time ("
                            + w.type() + " '" + w.name() + "'), not a constant");
                }
                weighted.add(l.id());
                addPoint(g, points, g.input(l.id(), 0));
            } else if (l.type().equals("Add") && !g.producer(l.id(), 0).type().equals("Const")
                    && !g.producer(l.id(), 1).type().equals("Const")) {
                addPoint(g, points, g.input(l.id(), 0));
                addPoint(g, points, g.input(l.id(), 1));
            }
        }
        if (weighted.isEmpty()) {
            throw new InvalidModelException("model '" + g.source().name()
                    + "' has no Convolution, GroupConvolution or MatMul with constant weights to quantize");
        }
        List<ActivationPoint> out = new ArrayList<>();
        for (var e : points.entrySet()) {
            int layer = (int) (e.getKey() >> 32);
            int port = (int) (long) e.getKey();
            out.add(new ActivationPoint(g.layer(layer).name(), layer, port, e.getValue()));
        }
        return new QuantizationPlan(out, weighted);
    }

    /** The edge a quantizer for {@code consumer}'s input goes on: up through single-consumer transparent ops. */
    static Edge source(GraphEditor g, Edge consumer) {
        Edge edge = consumer;
        while (true) {
            Layer p = g.layer(edge.fromLayer());
            if (!TRANSPARENT.contains(p.type()) || g.consumers(p.id()).size() != 1) {
                return edge;
            }
            edge = g.input(p.id(), 0);
        }
    }

    private static void addPoint(GraphEditor g, Map<Long, List<Edge>> points, Edge consumer) {
        Edge edge = source(g, consumer);
        if (g.layer(edge.fromLayer()).type().equals("Const")) {
            return;
        }
        long key = ((long) edge.fromLayer() << 32) | (edge.fromPort() & 0xffffffffL);
        List<Edge> list = points.computeIfAbsent(key, k -> new ArrayList<>());
        if (!list.contains(edge)) {
            list.add(edge);
        }
    }
}
