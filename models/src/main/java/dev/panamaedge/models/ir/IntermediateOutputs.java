package dev.panamaedge.models.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exposes chosen layers' first outputs as extra model outputs: a copy of the graph with one {@code Result}
 * per chosen layer, so an engine that only returns model outputs (OpenVINO) can be compared layer by
 * layer against one that can return everything (the reference engine).
 *
 * <p>The copy shares the source's weights segment, so the source must stay open until the copy has been
 * written or read. An extra Result can keep OpenVINO from fusing a layer with its successor; the numbers
 * are those of the unfused layer, which is what a per-layer comparison wants.
 */
public final class IntermediateOutputs {
    private IntermediateOutputs() {
    }

    /**
     * The probed model and, for each extra output, the tensor name it carries and the layer it exposes.
     *
     * @param outputToLayer output tensor name → layer name, in the order the layers were given
     */
    public record Probed(IrModel model, Map<String, String> outputToLayer) {
        public Probed {
            outputToLayer = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputToLayer));
        }
    }

    /**
     * Adds a Result after output port 0 of each named layer. The port's tensor names become the single
     * name {@code probe:<layer name>} (OpenVINO names outputs after them), unless the port already feeds a
     * model output, whose names are kept.
     *
     * @throws InvalidModelException if a name matches no layer, or the layer has no output
     *                               (Result) or is a Const
     */
    public static Probed withResults(IrModel source, List<String> layerNames) {
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (Layer l : source.layers()) {
            byName.putIfAbsent(l.name(), l);
        }
        Map<Integer, Layer> replaced = new LinkedHashMap<>();
        List<Layer> added = new ArrayList<>();
        List<Edge> edges = new ArrayList<>(source.edges());
        Map<String, String> outputToLayer = new LinkedHashMap<>();
        int nextId = source.layers().stream().mapToInt(Layer::id).max().orElse(-1) + 1;
        for (String name : layerNames) {
            Layer layer = replaced.getOrDefault(idOf(byName, name), byName.get(name));
            if (layer.outputs().isEmpty() || layer.type().equals("Const")) {
                throw new InvalidModelException("layer '" + name + "' (" + layer.type()
                        + ") has no computed output to expose");
            }
            Port out = layer.outputs().getFirst();
            int producer = layer.id();
            boolean feedsResult = edges.stream().anyMatch(e -> e.fromLayer() == producer && e.fromPort() == out.id()
                    && source.layer(e.toLayer()).type().equals("Result"));
            if (feedsResult && !out.names().isEmpty()) {
                // Already a model output under its own names; renaming it would rename the model's output.
                out.names().forEach(n -> outputToLayer.put(n, name));
            } else {
                // One fresh name, so whichever name OpenVINO reports for the output is the one we know.
                String tensor = "probe:" + name;
                List<Port> outs = new ArrayList<>(layer.outputs());
                outs.set(0, new Port(out.id(), out.type(), out.dims(), List.of(tensor)));
                layer = new Layer(layer.id(), layer.name(), layer.type(), layer.version(), layer.attributes(),
                        layer.inputs(), outs);
                replaced.put(layer.id(), layer);
                outputToLayer.put(tensor, name);
            }
            int id = nextId++;
            added.add(new Layer(id, "probe_result:" + name, "Result", "opset1", Map.of(),
                    List.of(new Port(0, out.type(), out.dims())), List.of()));
            edges.add(new Edge(layer.id(), out.id(), id, 0));
        }
        List<Layer> layers = new ArrayList<>();
        for (Layer l : source.layers()) {
            layers.add(replaced.getOrDefault(l.id(), l));
        }
        layers.addAll(added);
        IrGraphCheck.check("model '" + source.name() + "' with probes", layers, edges);
        return new Probed(new IrModel(source.name(), layers, edges, source.weights(), source.runtimeInfo(),
                Optional.empty()), outputToLayer);
    }

    private static int idOf(Map<String, Layer> byName, String name) {
        Layer l = byName.get(name);
        if (l == null) {
            throw new InvalidModelException("no layer named '" + name + "' to expose");
        }
        return l.id();
    }
}
