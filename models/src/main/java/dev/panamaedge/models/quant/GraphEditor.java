package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.Port;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A working copy of an {@link IrModel}'s graph that quantization transforms edit; {@link #build} returns
 * a new, immutable model with a freshly packed weights blob. The source model is never changed.
 *
 * <p>Port ids follow the IR convention (inputs {@code 0..n-1}, outputs {@code n..}); edges name port ids.
 */
final class GraphEditor {
    private static final int ALIGN = 64;

    private final IrModel source;
    private final Map<Integer, Layer> layers = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<Integer, ConstantTensor> newConstants = new HashMap<>();
    private int nextId;

    GraphEditor(IrModel source) {
        this.source = source;
        for (Layer l : source.layers()) {
            layers.put(l.id(), l);
            nextId = Math.max(nextId, l.id() + 1);
        }
        edges.addAll(source.edges());
    }

    IrModel source() {
        return source;
    }

    List<Layer> layers() {
        return List.copyOf(layers.values());
    }

    Layer layer(int id) {
        Layer l = layers.get(id);
        if (l == null) {
            throw new InvalidModelException("no layer with id " + id);
        }
        return l;
    }

    boolean contains(int id) {
        return layers.containsKey(id);
    }

    /** The edge feeding input {@code index} (not port id) of a layer. */
    Edge input(int layerId, int index) {
        Layer l = layer(layerId);
        int port = l.input(index).id();
        return edges.stream().filter(e -> e.toLayer() == layerId && e.toPort() == port).findFirst()
                .orElseThrow(() -> new InvalidModelException("layer '" + l.name() + "' (" + l.type() + ") input "
                        + index + " is not connected"));
    }

    List<Edge> consumers(int layerId, int portId) {
        return edges.stream().filter(e -> e.fromLayer() == layerId && e.fromPort() == portId).toList();
    }

    List<Edge> consumers(int layerId) {
        return edges.stream().filter(e -> e.fromLayer() == layerId).toList();
    }

    Port outputPort(int layerId, int portId) {
        Layer l = layer(layerId);
        return l.outputs().stream().filter(p -> p.id() == portId).findFirst()
                .orElseThrow(() -> new InvalidModelException("layer '" + l.name() + "' has no output port " + portId));
    }

    Layer producer(int layerId, int index) {
        return layer(input(layerId, index).fromLayer());
    }

    boolean isConstant(int layerId) {
        return layer(layerId).type().equals("Const");
    }

    ConstantTensor constant(int layerId) {
        ConstantTensor t = newConstants.get(layerId);
        return t != null ? t : ConstantTensor.read(source, layer(layerId));
    }

    int addConstant(String name, ConstantTensor value) {
        int id = nextId++;
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("element_type", value.type().irName());
        attrs.put("shape", value.shapeAttribute());
        attrs.put("offset", "0");
        attrs.put("size", Long.toString(value.type().byteSize(value.size())));
        layers.put(id, new Layer(id, name, "Const", "opset1", attrs, List.of(),
                List.of(new Port(0, value.type(), value.dims()))));
        newConstants.put(id, value);
        return id;
    }

    /** Adds a layer whose ports get ids {@code 0..} for inputs, then outputs; returns its id. */
    int addLayer(String name, String type, String version, Map<String, String> attributes, List<Port> inputs,
                 List<Port> outputs) {
        int id = nextId++;
        List<Port> in = new ArrayList<>();
        List<Port> out = new ArrayList<>();
        int port = 0;
        for (Port p : inputs) {
            in.add(new Port(port++, p.type(), p.dims(), List.of()));
        }
        for (Port p : outputs) {
            out.add(new Port(port++, p.type(), p.dims(), p.names()));
        }
        layers.put(id, new Layer(id, name, type, version, attributes, in, out));
        return id;
    }

    /** Connects an output port to an input port (by port ids), replacing whatever fed that input. */
    void connect(int from, int fromPort, int to, int toPort) {
        edges.removeIf(e -> e.toLayer() == to && e.toPort() == toPort);
        edges.add(new Edge(from, fromPort, to, toPort));
        Port src = outputPort(from, fromPort);
        Layer dst = layer(to);
        List<Port> inputs = new ArrayList<>(dst.inputs());
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).id() == toPort) {
                inputs.set(i, new Port(toPort, src.type(), src.dims(), List.of()));
            }
        }
        layers.put(to, new Layer(to, dst.name(), dst.type(), dst.version(), dst.attributes(), inputs, dst.outputs()));
    }

    /** Every consumer of {@code (from, fromPort)} reads {@code (to, toPort)} instead. */
    void redirectConsumers(int from, int fromPort, int to, int toPort) {
        for (Edge e : consumers(from, fromPort)) {
            connect(to, toPort, e.toLayer(), e.toPort());
        }
    }

    /** Adds tensor names to an output port, as when a bypassed layer's output names move to its source. */
    void addOutputNames(int layerId, int portId, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        Layer l = layer(layerId);
        List<Port> outputs = new ArrayList<>();
        for (Port p : l.outputs()) {
            if (p.id() == portId) {
                List<String> merged = new ArrayList<>(p.names());
                names.stream().filter(n -> !merged.contains(n)).forEach(merged::add);
                p = new Port(p.id(), p.type(), p.dims(), merged);
            }
            outputs.add(p);
        }
        layers.put(layerId, new Layer(layerId, l.name(), l.type(), l.version(), l.attributes(), l.inputs(), outputs));
    }

    void replace(Layer layer) {
        layer(layer.id());
        layers.put(layer.id(), layer);
    }

    void remove(int layerId) {
        layers.remove(layerId);
        newConstants.remove(layerId);
        edges.removeIf(e -> e.fromLayer() == layerId || e.toLayer() == layerId);
    }

    /**
     * The edited graph as a new model: layers nothing reaches from a Result are dropped, layers are written
     * in topological order, and every Const gets a fresh 64-byte-aligned slice of a new weights blob.
     */
    IrModel build(String name, Map<String, String> runtimeInfo) {
        List<Integer> order = topologicalOrder(liveLayers());
        Set<Integer> live = new HashSet<>(order);
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        List<Layer> out = new ArrayList<>();
        for (int id : order) {
            Layer l = layers.get(id);
            if (l.type().equals("Const")) {
                byte[] bytes = newConstants.containsKey(id) ? newConstants.get(id).toBytes()
                        : source.constantData(l).toArray(ValueLayout.JAVA_BYTE);
                while (blob.size() % ALIGN != 0) {
                    blob.write(0);
                }
                Map<String, String> attrs = new LinkedHashMap<>(l.attributes());
                attrs.put("offset", Integer.toString(blob.size()));
                attrs.put("size", Integer.toString(bytes.length));
                blob.writeBytes(bytes);
                l = new Layer(id, l.name(), l.type(), l.version(), attrs, l.inputs(), l.outputs());
            }
            out.add(l);
        }
        List<Edge> liveEdges = edges.stream().filter(e -> live.contains(e.fromLayer()) && live.contains(e.toLayer()))
                .toList();
        return new IrModel(name, out, liveEdges, MemorySegment.ofArray(blob.toByteArray()), runtimeInfo,
                Optional.empty());
    }

    private Set<Integer> liveLayers() {
        Set<Integer> live = new HashSet<>();
        ArrayDeque<Integer> work = new ArrayDeque<>();
        layers.values().stream().filter(l -> l.type().equals("Result")).forEach(l -> work.add(l.id()));
        // Parameters stay even when unused: they are the model's interface.
        layers.values().stream().filter(l -> l.type().equals("Parameter")).forEach(l -> live.add(l.id()));
        while (!work.isEmpty()) {
            int id = work.pop();
            if (live.add(id)) {
                for (Edge e : edges) {
                    if (e.toLayer() == id && !live.contains(e.fromLayer())) {
                        work.push(e.fromLayer());
                    }
                }
            }
        }
        return live;
    }

    private List<Integer> topologicalOrder(Set<Integer> live) {
        Map<Integer, Integer> indegree = new HashMap<>();
        Map<Integer, List<Integer>> next = new HashMap<>();
        for (int id : live) {
            indegree.put(id, 0);
        }
        for (Edge e : edges) {
            if (live.contains(e.fromLayer()) && live.contains(e.toLayer())) {
                indegree.merge(e.toLayer(), 1, Integer::sum);
                next.computeIfAbsent(e.fromLayer(), k -> new ArrayList<>()).add(e.toLayer());
            }
        }
        // Kahn's algorithm, seeded in the original file order so unchanged graphs keep their layer order.
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int id : layers.keySet()) {
            if (live.contains(id) && indegree.get(id) == 0) {
                ready.add(id);
            }
        }
        List<Integer> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int id = ready.poll();
            order.add(id);
            for (int n : next.getOrDefault(id, List.of())) {
                if (indegree.merge(n, -1, Integer::sum) == 0) {
                    ready.add(n);
                }
            }
        }
        if (order.size() != live.size()) {
            throw new InvalidModelException("graph has a cycle: " + (live.size() - order.size()) + " layers unordered");
        }
        return order;
    }

    static Port port(ElementType type, long... dims) {
        return new Port(0, type, dims);
    }
}
