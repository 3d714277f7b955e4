package dev.panamaedge.models.ir;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes an {@link IrModel} as OpenVINO IR v11: {@code name.xml} plus {@code name.bin} beside it.
 *
 * <p>The layout follows what OpenVINO's own serializer writes ({@code src/core/src/pass/serialize.cpp}):
 * tab indentation, {@code <data>} attributes in the layer's order, upper-case port precisions, escaped
 * tensor names, model-level {@code rt_info} as nested elements. The weights blob is written verbatim, so
 * every {@code Const}'s {@code offset}/{@code size} stays valid and a write→read round trip is exact.
 *
 * <p>Each file is written to a temporary sibling and moved into place atomically, so a reader never sees
 * a half-written file; the pair is not replaced as one unit (callers that need that, such as
 * {@code ModelStore}, write into a fresh directory and rename it).
 */
public final class IrWriter {
    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final int COPY_CHUNK = 1 << 20;

    private IrWriter() {
    }

    /** Writes {@code xml} and the {@code .bin} with the same base name. */
    public static void write(IrModel model, Path xml) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(xml, "xml");
        String file = xml.getFileName().toString();
        int dot = file.lastIndexOf('.');
        Path bin = xml.resolveSibling((dot > 0 ? file.substring(0, dot) : file) + ".bin");
        String text = xmlText(model);
        // The bin goes first: a reader that sees the new xml then also finds its weights.
        AtomicFiles.write(bin, out -> writeWeights(model.weights(), out));
        AtomicFiles.write(xml, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void writeWeights(MemorySegment weights, OutputStream out) throws IOException {
        // Copy through a byte[]: heap segments over long[] cannot be viewed as a ByteBuffer.
        byte[] chunk = new byte[(int) Math.min(COPY_CHUNK, Math.max(1, weights.byteSize()))];
        for (long at = 0; at < weights.byteSize(); at += chunk.length) {
            int n = (int) Math.min(chunk.length, weights.byteSize() - at);
            MemorySegment.copy(weights, ValueLayout.JAVA_BYTE, at, chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    static String xmlText(IrModel model) {
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("<?xml version=\"1.0\"?>\n");
        sb.append("<net name=\"").append(escape(model.name())).append("\" version=\"11\">\n");
        sb.append("\t<layers>\n");
        for (Layer layer : model.layers()) {
            appendLayer(sb, layer);
        }
        sb.append("\t</layers>\n\t<edges>\n");
        for (Edge e : model.edges()) {
            sb.append("\t\t<edge from-layer=\"").append(e.fromLayer()).append("\" from-port=\"").append(e.fromPort())
                    .append("\" to-layer=\"").append(e.toLayer()).append("\" to-port=\"").append(e.toPort())
                    .append("\" />\n");
        }
        sb.append("\t</edges>\n");
        if (!model.runtimeInfo().isEmpty()) {
            sb.append("\t<rt_info>\n");
            appendRuntimeInfo(sb, model.runtimeInfo());
            sb.append("\t</rt_info>\n");
        }
        sb.append("</net>\n");
        return sb.toString();
    }

    private static void appendLayer(StringBuilder sb, Layer layer) {
        sb.append("\t\t<layer id=\"").append(layer.id()).append("\" name=\"").append(escape(layer.name()))
                .append("\" type=\"").append(escape(layer.type())).append("\" version=\"")
                .append(escape(layer.version())).append("\">\n");
        if (!layer.attributes().isEmpty()) {
            sb.append("\t\t\t<data");
            layer.attributes().forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
            sb.append(" />\n");
        }
        appendPorts(sb, "input", layer.inputs());
        appendPorts(sb, "output", layer.outputs());
        sb.append("\t\t</layer>\n");
    }

    private static void appendPorts(StringBuilder sb, String group, List<Port> ports) {
        if (ports.isEmpty()) {
            return;
        }
        sb.append("\t\t\t<").append(group).append(">\n");
        for (Port p : ports) {
            sb.append("\t\t\t\t<port id=\"").append(p.id()).append('"');
            if (p.type() != ElementType.UNDEFINED) {
                sb.append(" precision=\"").append(IrSyntax.precisionName(p.type())).append('"');
            }
            if (!p.names().isEmpty()) {
                sb.append(" names=\"").append(escape(IrSyntax.joinNames(p.names()))).append('"');
            }
            long[] dims = p.dims();
            if (dims.length == 0) {
                sb.append(" />\n");
                continue;
            }
            sb.append(">\n");
            for (long d : dims) {
                sb.append("\t\t\t\t\t<dim>").append(d).append("</dim>\n");
            }
            sb.append("\t\t\t\t</port>\n");
        }
        sb.append("\t\t\t</").append(group).append(">\n");
    }

    /** One element of the nested rt_info tree; {@code value} is a one-slot holder filled by the last key. */
    private record InfoNode(Map<String, InfoNode> children, String[] value) {
        InfoNode() {
            this(new LinkedHashMap<>(), new String[1]);
        }
    }

    /** Flat {@code a/b} keys become nested elements; a key that is no XML name becomes {@code <info name=..>}. */
    private static void appendRuntimeInfo(StringBuilder sb, Map<String, String> info) {
        InfoNode root = new InfoNode();
        Map<String, String> plain = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(info).entrySet()) {
            String[] parts = e.getKey().split("/", -1);
            boolean nameable = true;
            for (String part : parts) {
                nameable &= XML_NAME.matcher(part).matches() && !part.equals("info");
            }
            if (!nameable) {
                plain.put(e.getKey(), e.getValue());
                continue;
            }
            InfoNode node = root;
            for (String part : parts) {
                node = node.children().computeIfAbsent(part, k -> new InfoNode());
            }
            node.value()[0] = e.getValue();
        }
        plain.forEach((k, v) -> sb.append("\t\t<info name=\"").append(escape(k)).append("\" value=\"")
                .append(escape(v)).append("\" />\n"));
        appendNodes(sb, root.children(), "\t\t");
    }

    private static void appendNodes(StringBuilder sb, Map<String, InfoNode> nodes, String indent) {
        for (Map.Entry<String, InfoNode> e : nodes.entrySet()) {
            InfoNode node = e.getValue();
            sb.append(indent).append('<').append(e.getKey());
            if (node.value()[0] != null) {
                sb.append(" value=\"").append(escape(node.value()[0])).append('"');
            }
            if (node.children().isEmpty()) {
                sb.append(" />\n");
            } else {
                sb.append(">\n");
                appendNodes(sb, node.children(), indent + "\t");
                sb.append(indent).append("</").append(e.getKey()).append(">\n");
            }
        }
    }

    /** Attribute-value escaping; control characters become character references so they survive parsing. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 0x20) {
                        sb.append("&#").append((int) c).append(';');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
