package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.Port;
import dev.panamaedge.models.ir.TopologicalOrder;
import dev.panamaedge.models.ir.UnsupportedOpException;
import dev.panamaedge.runtime.TensorSpec;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles an {@link IrModel} into a {@link Plan}: checks every op type first (an unknown op fails the load,
 * not a later run), wires edges, orders layers topologically, binds ops to their input shapes, folds every
 * layer whose inputs are all known at load (the weight-dequantization chains of converted INT8 models, shape
 * vectors), checks computed shapes against the IR's declared ones and assigns reusable buffers.
 */
final class Planner {
    private final IrModel model;
    private final List<long[]> shapes = new ArrayList<>();
    private final List<ElementType> types = new ArrayList<>();
    private final List<float[]> constants = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Binding> inputs = new ArrayList<>();
    private final List<Binding> outputs = new ArrayList<>();
    private final List<Plan.LayerValue> layerValues = new ArrayList<>();
    private final Map<Integer, Integer> valueOfLayer = new HashMap<>();

    private Planner(IrModel model) {
        this.model = model;
    }

    static Plan plan(IrModel model) {
        return new Planner(model).build();
    }

    private Plan build() {
        for (Layer layer : model.layers()) {
            OpCatalog.requireSupported(layer);
        }
        Map<Integer, Edge[]> edgesInto = wire();
        for (Layer layer : topologicalOrder()) {
            Edge[] in = edgesInto.get(layer.id());
            switch (layer.type()) {
                case "Const" -> valueOfLayer.put(layer.id(), addValue(constShape(layer), constType(layer),
                        decodeConst(layer)));
                case "Parameter" -> addParameter(layer);
                case "Result" -> addResult(layer, in[0]);
                default -> addOp(layer, in);
            }
        }
        if (outputs.isEmpty()) {
            throw new InvalidModelException("model '" + model.name() + "' has no Result layer");
        }
        return assignBuffers();
    }

    private Map<Integer, Edge[]> wire() {
        Map<Integer, Edge[]> into = new HashMap<>();
        for (Layer l : model.layers()) {
            into.put(l.id(), new Edge[l.inputs().size()]);
        }
        for (Edge e : model.edges()) {
            Layer to = model.layer(e.toLayer());
            Layer from = model.layer(e.fromLayer());
            int slot = portIndex(to.inputs(), e.toPort(), to, "input");
            portIndex(from.outputs(), e.fromPort(), from, "output");
            Edge[] slots = into.get(to.id());
            if (slots[slot] != null) {
                throw new InvalidModelException("layer '" + to.name() + "': input port " + e.toPort()
                        + " has two incoming edges");
            }
            slots[slot] = e;
        }
        for (Layer l : model.layers()) {
            Edge[] slots = into.get(l.id());
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] == null) {
                    throw new InvalidModelException("layer '" + l.name() + "' (" + l.type() + "): input port "
                            + l.inputs().get(i).id() + " has no incoming edge");
                }
            }
        }
        return into;
    }

    private static int portIndex(List<Port> ports, int id, Layer layer, String kind) {
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i).id() == id) {
                return i;
            }
        }
        throw new InvalidModelException("layer '" + layer.name() + "' has no " + kind + " port " + id);
    }

    /** The layers in dependency order; {@link #wire} has checked that every input port has its one edge. */
    private List<Layer> topologicalOrder() {
        List<Layer> order = TopologicalOrder.of(model);
        if (order.size() != model.layers().size()) {
            throw new InvalidModelException("model '" + model.name() + "' has a cycle among "
                    + (model.layers().size() - order.size()) + " layers");
        }
        return order;
    }

    private int addValue(long[] shape, ElementType type, float[] constant) {
        Dims.count(shape);
        shapes.add(shape);
        types.add(type);
        constants.add(constant);
        return shapes.size() - 1;
    }

    private Operand operand(Edge e) {
        int v = valueOfLayer.get(e.fromLayer());
        return new Operand(shapes.get(v), types.get(v), constants.get(v));
    }

    private static ElementType constType(Layer layer) {
        return elementType(layer);
    }

    /** The {@code element_type} attribute, else the output port's precision. */
    private static ElementType elementType(Layer layer) {
        String name = layer.attribute("element_type").orElse(null);
        if (name == null) {
            return layer.output(0).type();
        }
        try {
            return ElementType.fromIrName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): " + e.getMessage(), e);
        }
    }

    private static long[] constShape(Layer layer) {
        return layer.attribute("shape").isPresent() ? Attrs.longs(layer, "shape") : staticDims(layer, layer.output(0));
    }

    private float[] decodeConst(Layer layer) {
        ElementType type = constType(layer);
        if (!TensorCodec.isSupported(type)) {
            throw new UnsupportedOpException("Const", layer.name(), "element type " + type.irName());
        }
        long[] shape = constShape(layer);
        int count = Dims.count(shape);
        MemorySegment bytes = model.constantData(layer);
        if (bytes.byteSize() != type.byteSize(count)) {
            throw new InvalidModelException("Const '" + layer.name() + "': " + type.irName() + Dims.str(shape)
                    + " needs " + type.byteSize(count) + " bytes, size is " + bytes.byteSize());
        }
        float[] data = new float[count];
        TensorCodec.decode(bytes, type, count, data);
        return data;
    }

    private static long[] staticDims(Layer layer, Port port) {
        if (!port.isStatic()) {
            throw new UnsupportedOpException(layer.type(), layer.name(), "dynamic shape "
                    + Dims.str(port.dims()) + "; the reference engine needs static shapes");
        }
        return port.dims();
    }

    private void addParameter(Layer layer) {
        long[] shape = staticDims(layer, layer.output(0));
        ElementType type = elementType(layer);
        if (!TensorCodec.isSupported(type) || type == ElementType.U4 || type == ElementType.I4) {
            throw new UnsupportedOpException("Parameter", layer.name(), "element type " + type.irName());
        }
        int v = addValue(shape, type, null);
        valueOfLayer.put(layer.id(), v);
        String name = layer.output(0).names().isEmpty() ? layer.name() : layer.output(0).names().get(0);
        for (Binding b : inputs) {
            if (b.spec().name().equals(name)) {
                throw new InvalidModelException("model '" + model.name() + "' has two inputs named '" + name + "'");
            }
        }
        inputs.add(new Binding(new TensorSpec(name, type, shape), v));
        layerValues.add(new Plan.LayerValue(layer.name(), v));
    }

    private void addResult(Layer layer, Edge in) {
        int v = valueOfLayer.get(in.fromLayer());
        Layer producer = model.layer(in.fromLayer());
        Port port = producer.outputs().get(portIndex(producer.outputs(), in.fromPort(), producer, "output"));
        String name = port.names().isEmpty() ? layer.name() : port.names().get(0);
        for (Binding b : outputs) {
            if (b.spec().name().equals(name)) {
                name = layer.name(); // two Results on one tensor: keep output names distinct
            }
        }
        for (Binding b : outputs) {
            if (b.spec().name().equals(name)) {
                throw new InvalidModelException("model '" + model.name() + "' has two outputs named '" + name + "'");
            }
        }
        outputs.add(new Binding(new TensorSpec(name, types.get(v), shapes.get(v)), v));
    }

    private void addOp(Layer layer, Edge[] in) {
        List<Operand> operands = new ArrayList<>(in.length);
        boolean allConstant = true;
        for (Edge e : in) {
            Operand o = operand(e);
            operands.add(o);
            allConstant &= o.isConstant();
        }
        Op op;
        try {
            op = OpCatalog.create(layer, operands);
        } catch (InvalidModelException e) {
            throw e;
        } catch (RuntimeException e) { // arithmetic on absurd attributes and the like: still name the layer
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + ") cannot be planned: "
                    + e, e);
        }
        long[] shape = op.outputShape();
        Port declared = layer.output(0);
        if (declared.isStatic() && !Arrays.equals(declared.dims(), shape)) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): IR declares output "
                    + Dims.str(declared.dims()) + " but its inputs give " + Dims.str(shape));
        }
        if (allConstant || op instanceof ShapeOf) {
            float[] data = new float[Dims.count(shape)];
            float[][] args = operands.stream().map(Operand::constant).toArray(float[][]::new);
            try (Parallel serial = Parallel.serial()) {
                op.execute(args, data, new RunContext(serial, new float[op.scratchFloats()]));
            }
            valueOfLayer.put(layer.id(), addValue(shape, op.outputType(), data));
            return;
        }
        int v = addValue(shape, op.outputType(), null);
        valueOfLayer.put(layer.id(), v);
        int[] inputIds = Arrays.stream(in).mapToInt(e -> valueOfLayer.get(e.fromLayer())).toArray();
        steps.add(new Step(layer.name(), layer.type(), op, inputIds, v));
        layerValues.add(new Plan.LayerValue(layer.name(), v));
    }

    /** Assigns buffers, then drops constants no step or output reads (intermediates of folded chains). */
    private Plan assignBuffers() {
        int n = shapes.size();
        int[] sizes = new int[n];
        boolean[] read = new boolean[n];
        int scratch = 0;
        for (int v = 0; v < n; v++) {
            sizes[v] = constants.get(v) == null ? Dims.count(shapes.get(v)) : 0;
        }
        for (Step step : steps) {
            scratch = Math.max(scratch, step.op().scratchFloats());
            for (int v : step.inputs()) {
                read[v] = true;
            }
        }
        for (Binding b : outputs) {
            read[b.value()] = true;
        }
        for (int v = 0; v < n; v++) {
            if (!read[v]) {
                constants.set(v, null); // e.g. u8 weights before their dequantization was folded
            }
        }
        BufferAssignment buffers = BufferAssignment.of(steps, inputs.stream().mapToInt(Binding::value).toArray(),
                outputs.stream().mapToInt(Binding::value).toArray(), sizes);
        return new Plan(List.copyOf(steps), shapes.toArray(long[][]::new), types.toArray(ElementType[]::new),
                constants.toArray(float[][]::new), buffers.bufferOf(), buffers.bufferSizes(), scratch,
                List.copyOf(inputs), List.copyOf(outputs), List.copyOf(layerValues));
    }
}
