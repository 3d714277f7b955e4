package dev.panamaedge.models.ir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads OpenVINO IR v10/v11: the xml graph plus the sibling {@code .bin} weights, memory-mapped read-only.
 *
 * <p>Everything is checked before an {@link IrModel} exists, so engines can trust what they get: xml
 * syntax (no DTDs, no entities), element types, duplicate ids, edges that reference missing layers or
 * ports, unconnected inputs, cycles, and every {@code Const}'s element type × shape against its
 * {@code size} and its byte range against the {@code .bin}. Failures throw {@link InvalidModelException}
 * naming the file, the line, the layer and what is wrong. Sub-graph ops (TensorIterator, Loop, If) are
 * refused, because their {@code <body>} is outside what this project runs.
 *
 * <p>The returned model owns the mapping (a shared arena, so any thread may read the weights) and
 * releases it in {@link IrModel#close()}.
 */
public final class IrReader {
    private static final Set<String> LAYER_CHILDREN = Set.of("data", "input", "output", "rt_info");
    private static final Set<String> PORT_CHILDREN = Set.of("dim", "rt_info");
    private static final Set<String> TYPE_ATTRIBUTES = Set.of("element_type", "destination_type");

    private IrReader() {
    }

    /**
     * Reads {@code xml} and maps the {@code .bin} beside it (same base name).
     *
     * @throws InvalidModelException naming file, layer and problem when the model is malformed
     * @throws IOException           when a file cannot be read
     */
    public static IrModel read(Path xml) throws IOException {
        Objects.requireNonNull(xml, "xml");
        XmlElement root = XmlElement.parse(xml);
        if (!root.name().equals("net")) {
            throw new InvalidModelException(xml + " line " + root.line() + ": root element is <" + root.name()
                    + ">, expected <net>");
        }
        String version = root.attribute("version").orElse("");
        if (!version.equals("10") && !version.equals("11")) {
            throw new InvalidModelException(xml + ": IR version '" + version + "' is not supported (expected 10 or 11)");
        }
        XmlElement layersElement = root.child("layers").orElseThrow(
                () -> new InvalidModelException(xml + ": <net> has no <layers>"));
        List<Layer> layers = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (XmlElement e : layersElement.children()) {
            if (!e.name().equals("layer")) {
                throw new InvalidModelException(xml + " line " + e.line() + ": unknown element <" + e.name()
                        + "> in <layers>");
            }
            Layer layer = parseLayer(xml, e);
            if (!ids.add(layer.id())) {
                throw new InvalidModelException(xml + " line " + e.line() + ": duplicate layer id " + layer.id()
                        + " ('" + layer.name() + "')");
            }
            layers.add(layer);
        }
        List<Edge> edges = new ArrayList<>();
        for (XmlElement e : root.child("edges").map(XmlElement::children).orElse(List.of())) {
            edges.add(parseEdge(xml, e));
        }
        IrGraphCheck.check(xml.toString(), layers, edges);
        Map<String, String> runtimeInfo = new LinkedHashMap<>();
        root.child("rt_info").ifPresent(info -> flatten(info, "", runtimeInfo));

        String name = root.attribute("name").orElse(baseName(xml));
        Path bin = xml.resolveSibling(baseName(xml) + ".bin");
        boolean hasConstants = layers.stream().anyMatch(l -> l.type().equals("Const"));
        if (!hasConstants && !Files.exists(bin)) {
            return new IrModel(name, layers, edges, MemorySegment.ofArray(new byte[0]), runtimeInfo, Optional.empty());
        }
        if (!Files.isRegularFile(bin)) {
            throw new InvalidModelException(xml + ": weights file " + bin + " is missing");
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment weights;
            try (FileChannel channel = FileChannel.open(bin, StandardOpenOption.READ)) {
                weights = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            }
            IrGraphCheck.checkConstantRanges(xml.toString(), bin, layers, weights.byteSize());
            return new IrModel(name, layers, edges, weights, runtimeInfo, Optional.of(arena));
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static Layer parseLayer(Path xml, XmlElement e) {
        String where = xml + " line " + e.line() + ": layer";
        int id = parseInt(where, e, "id");
        String name = required(where + " " + id, e, "name");
        where = xml + " line " + e.line() + ": layer " + id + " '" + name + "'";
        String type = required(where, e, "type");
        where += " (" + type + ")";
        String version = required(where, e, "version");
        Map<String, String> attributes = new LinkedHashMap<>();
        List<Port> inputs = new ArrayList<>();
        List<Port> outputs = new ArrayList<>();
        Set<Integer> portIds = new HashSet<>();
        for (XmlElement child : e.children()) {
            if (!LAYER_CHILDREN.contains(child.name())) {
                throw new InvalidModelException(where + ": unknown element <" + child.name() + ">"
                        + (child.name().equals("body") ? " (sub-graph ops are not supported)" : ""));
            }
            switch (child.name()) {
                case "data" -> attributes.putAll(child.attributes());
                case "input" -> inputs.addAll(parsePorts(where, child, portIds));
                case "output" -> outputs.addAll(parsePorts(where, child, portIds));
                default -> {
                    // Layer-level rt_info (fused names, old API maps) does not change what the layer computes.
                }
            }
        }
        for (String key : TYPE_ATTRIBUTES) {
            String value = attributes.get(key);
            if (value != null) {
                try {
                    IrSyntax.parseElementType(value);
                } catch (IllegalArgumentException ex) {
                    throw new InvalidModelException(where + ": attribute " + key + ": " + ex.getMessage(), ex);
                }
            }
        }
        return new Layer(id, name, type, version, attributes, inputs, outputs);
    }

    private static List<Port> parsePorts(String where, XmlElement group, Set<Integer> portIds) {
        List<Port> ports = new ArrayList<>();
        for (XmlElement p : group.children()) {
            if (!p.name().equals("port")) {
                throw new InvalidModelException(where + ": unknown element <" + p.name() + "> in <" + group.name() + ">");
            }
            int id = parseInt(where + " port", p, "id");
            String at = where + " port " + id;
            if (!portIds.add(id)) {
                throw new InvalidModelException(at + ": duplicate port id");
            }
            ElementType type = ElementType.UNDEFINED;
            String precision = p.attribute("precision").orElse(null);
            if (precision != null) {
                try {
                    type = IrSyntax.parseElementType(precision);
                } catch (IllegalArgumentException ex) {
                    throw new InvalidModelException(at + ": precision: " + ex.getMessage(), ex);
                }
            }
            List<Long> dims = new ArrayList<>();
            for (XmlElement d : p.children()) {
                if (!PORT_CHILDREN.contains(d.name())) {
                    throw new InvalidModelException(at + ": unknown element <" + d.name() + ">");
                }
                if (d.name().equals("dim")) {
                    dims.add(parseDim(at, d.text()));
                }
            }
            List<String> names = p.attribute("names").map(IrSyntax::splitNames).orElse(List.of());
            ports.add(new Port(id, type, dims.stream().mapToLong(Long::longValue).toArray(), names));
        }
        return ports;
    }

    private static long parseDim(String at, String text) {
        try {
            long d = Long.parseLong(text.trim());
            if (d >= -1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the offending text
        }
        throw new InvalidModelException(at + ": dimension '" + text + "' is not a size or -1");
    }

    private static Edge parseEdge(Path xml, XmlElement e) {
        String where = xml + " line " + e.line() + ": edge";
        if (!e.name().equals("edge")) {
            throw new InvalidModelException(where + "s: unknown element <" + e.name() + "> in <edges>");
        }
        return new Edge(parseInt(where, e, "from-layer"), parseInt(where, e, "from-port"),
                parseInt(where, e, "to-layer"), parseInt(where, e, "to-port"));
    }

    private static String required(String where, XmlElement e, String key) {
        String v = e.attribute(key).orElse("");
        if (v.isBlank()) {
            throw new InvalidModelException(where + ": missing attribute '" + key + "'");
        }
        return v;
    }

    private static int parseInt(String where, XmlElement e, String key) {
        String v = required(where, e, key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException ex) {
            throw new InvalidModelException(where + ": attribute " + key + "='" + v + "' is not an integer", ex);
        }
    }

    /** Model-level rt_info: {@code <a><b value="x"/></a>} and {@code <info name="a" value="x"/>} become flat keys. */
    private static void flatten(XmlElement element, String prefix, Map<String, String> out) {
        for (XmlElement child : element.children()) {
            String key = child.name().equals("info") && child.attribute("name").isPresent()
                    ? child.attributes().get("name") : child.name();
            String full = prefix.isEmpty() ? key : prefix + "/" + key;
            child.attribute("value").ifPresent(v -> out.put(full, v));
            flatten(child, full, out);
        }
    }

    private static String baseName(Path xml) {
        String file = xml.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
