package dev.panamaedge.tools.onnx;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.Port;
import dev.panamaedge.models.ir.TopologicalOrder;
import dev.panamaedge.tools.onnx.proto.Onnx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one of our IR graphs as an ONNX model (opset {@value #OPSET}), op for op, with the IR's own weights
 * as initializers: what ONNX Runtime is measured on, so it runs the same weights as OpenVINO. Messages come
 * from ONNX's own schema ({@code src/main/proto/onnx.proto}, compiled by protoc) rather than hand-written
 * protobuf, so the file is whatever ONNX's definition says it is.
 *
 * <p>Tensor names: a port's first IR tensor name where it has one (the model's input and output names stay
 * what OpenVINO reports), else the layer name, with {@code :port} for a second output.
 */
public final class OnnxExport {
    /** Opset 17: every op used here in its current form, and QDQ per-channel support in ORT's quantizer. */
    static final int OPSET = 17;
    /** The IR version that goes with opset 17 (ONNX's versioning table). */
    static final long IR_VERSION = 8;

    private final IrModel ir;
    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private final Map<Integer, Map<Integer, Edge>> edgesInto = new HashMap<>();
    private final Map<Long, String> tensorNames = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Set<Integer> emittedConstants = new HashSet<>();

    private OnnxExport(IrModel ir) {
        this.ir = ir;
        for (Edge e : ir.edges()) {
            edgesInto.computeIfAbsent(e.toLayer(), k -> new HashMap<>()).put(e.toPort(), e);
        }
    }

    /**
     * @throws dev.panamaedge.models.ir.UnsupportedOpException naming an op (or attribute value) with no ONNX
     *                                                          mapping here
     * @throws InvalidModelException                            for a graph whose edges do not connect
     */
    public static Onnx.ModelProto export(IrModel ir) {
        OnnxExport x = new OnnxExport(ir);
        x.graph.setName(ir.name());
        for (Layer l : x.topologicalOrder()) {
            switch (l.type()) {
                case "Const" -> {
                    // Emitted where an op consumes it as a tensor; some feed attributes (axes, perm) only.
                }
                case "Parameter" -> x.graph.addInput(x.valueInfo(x.outputName(l, 0), l.output(0)));
                case "Result" -> x.graph.addOutput(x.valueInfo(x.inputName(l, 0), x.producerPort(l, 0)));
                default -> OnnxOps.emit(x, l);
            }
        }
        return Onnx.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("panama-edge")
                .setProducerVersion(OnnxExport.class.getPackage().getImplementationVersion() == null ? "dev"
                        : OnnxExport.class.getPackage().getImplementationVersion())
                .setDocString("exported from OpenVINO IR '" + ir.name() + "' by edge models export-onnx")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(x.graph)
                .build();
    }

    /** Exports {@code ir} to {@code file}, written to a temporary sibling first and moved into place. */
    public static long write(IrModel ir, Path file) throws IOException {
        Onnx.ModelProto model = export(ir);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".export-", ".onnx");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                model.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return model.getSerializedSize();
    }

    IrModel ir() {
        return ir;
    }

    Onnx.GraphProto.Builder graph() {
        return graph;
    }

    /** The layer feeding input {@code index} of {@code layer}. */
    Layer producer(Layer layer, int index) {
        return ir.layer(edgeInto(layer, index).fromLayer());
    }

    /** The output port feeding input {@code index} of {@code layer} (its element type and dims). */
    Port producerPort(Layer layer, int index) {
        Edge e = edgeInto(layer, index);
        Layer from = ir.layer(e.fromLayer());
        return from.outputs().stream().filter(p -> p.id() == e.fromPort()).findFirst().orElseThrow(() ->
                new InvalidModelException("layer '" + from.name() + "' has no output port " + e.fromPort()));
    }

    /** The tensor name of input {@code index}; a Const producer becomes an initializer on first use. */
    String inputName(Layer layer, int index) {
        Edge e = edgeInto(layer, index);
        Layer from = ir.layer(e.fromLayer());
        String name = name(from, e.fromPort());
        if (from.type().equals("Const") && emittedConstants.add(from.id())) {
            graph.addInitializer(OnnxTensors.initializer(name, from.output(0), ir.constantData(from)));
        }
        return name;
    }

    /** The tensor name of output {@code index} of {@code layer}. */
    String outputName(Layer layer, int index) {
        return name(layer, layer.output(index).id());
    }

    /** A fresh tensor name for a constant or intermediate the exporter adds itself. */
    String freshName(String base) {
        String n = base;
        for (int k = 2; !usedNames.add(n); k++) {
            n = base + "_" + k;
        }
        return n;
    }

    private Edge edgeInto(Layer layer, int index) {
        int port = layer.input(index).id();
        Edge e = edgesInto.getOrDefault(layer.id(), Map.of()).get(port);
        if (e == null) {
            throw new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): input port " + port
                    + " has no edge");
        }
        return e;
    }

    private String name(Layer layer, int portId) {
        long key = ((long) layer.id() << 32) | (portId & 0xffffffffL);
        return tensorNames.computeIfAbsent(key, k -> {
            Port port = layer.outputs().stream().filter(p -> p.id() == portId).findFirst().orElseThrow(() ->
                    new InvalidModelException("layer '" + layer.name() + "' has no output port " + portId));
            String base = !port.names().isEmpty() ? port.names().getFirst()
                    : layer.outputs().size() == 1 || layer.outputs().getFirst().id() == portId ? layer.name()
                    : layer.name() + ":" + portId;
            return freshName(base);
        });
    }

    private Onnx.ValueInfoProto valueInfo(String name, Port port) {
        var shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : port.dims()) {
            shape.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("d" + shape.getDimCount())
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        var tensor = Onnx.TypeProto.Tensor.newBuilder().setElemType(OnnxTensors.dataType(port.type(), name))
                .setShape(shape);
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    /** ONNX wants nodes in topological order; IR files usually are, but nothing promises it. */
    private List<Layer> topologicalOrder() {
        List<Layer> order = TopologicalOrder.of(ir);
        if (order.size() != ir.layers().size()) {
            throw new InvalidModelException("model '" + ir.name() + "' has a cycle: " + (ir.layers().size()
                    - order.size()) + " layers never become ready");
        }
        return order;
    }
}
