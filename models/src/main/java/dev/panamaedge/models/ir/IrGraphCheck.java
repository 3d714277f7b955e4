package dev.panamaedge.models.ir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural checks on a parsed graph, shared by {@link IrReader} (which adds the file name) and
 * {@link GraphBuilder}: edges point at existing ports in the right direction, every input is fed exactly
 * once, connected ports agree on shape, the graph is acyclic, and {@code Const} layers describe their bytes
 * consistently.
 */
final class IrGraphCheck {
    private IrGraphCheck() {
    }

    static void check(String file, List<Layer> layers, List<Edge> edges) {
        Map<Integer, Layer> byId = new HashMap<>();
        for (Layer l : layers) {
            if (byId.put(l.id(), l) != null) {
                throw new InvalidModelException(file + ": duplicate layer id " + l.id() + " ('" + l.name() + "')");
            }
            if (l.type().equals("Const")) {
                checkConstant(file, l);
            }
        }
        Map<Long, Edge> feeding = new HashMap<>();
        for (Edge e : edges) {
            String where = file + ": edge " + e.fromLayer() + ":" + e.fromPort() + " -> " + e.toLayer() + ":"
                    + e.toPort();
            Layer from = byId.get(e.fromLayer());
            Layer to = byId.get(e.toLayer());
            if (from == null) {
                throw new InvalidModelException(where + ": no layer with id " + e.fromLayer());
            }
            if (to == null) {
                throw new InvalidModelException(where + ": no layer with id " + e.toLayer());
            }
            Port out = findPort(from.outputs(), e.fromPort());
            if (out == null) {
                throw new InvalidModelException(where + ": layer '" + from.name() + "' (" + from.type()
                        + ") has no output port " + e.fromPort());
            }
            Port in = findPort(to.inputs(), e.toPort());
            if (in == null) {
                throw new InvalidModelException(where + ": layer '" + to.name() + "' (" + to.type()
                        + ") has no input port " + e.toPort());
            }
            if (feeding.put(key(e.toLayer(), e.toPort()), e) != null) {
                throw new InvalidModelException(where + ": input port " + e.toPort() + " of layer '" + to.name()
                        + "' already has an incoming edge");
            }
            if (in.rank() > 0 || out.rank() > 0) {
                checkSameDims(where, from, out, to, in);
            }
        }
        for (Layer l : layers) {
            for (Port in : l.inputs()) {
                if (!feeding.containsKey(key(l.id(), in.id()))) {
                    throw new InvalidModelException(file + ": layer " + l.id() + " '" + l.name() + "' (" + l.type()
                            + "): input port " + in.id() + " has no incoming edge");
                }
            }
        }
        checkAcyclic(file, layers, edges);
    }

    private static void checkSameDims(String where, Layer from, Port out, Layer to, Port in) {
        long[] a = out.dims();
        long[] b = in.dims();
        boolean same = a.length == b.length;
        for (int i = 0; same && i < a.length; i++) {
            same = a[i] == b[i] || a[i] == -1 || b[i] == -1;
        }
        if (!same) {
            throw new InvalidModelException(where + ": output '" + from.name() + "' has shape " + Arrays.toString(a)
                    + " but input of '" + to.name() + "' expects " + Arrays.toString(b));
        }
    }

    /** Whatever the dependency-order walk leaves over sits on or behind a cycle. */
    private static void checkAcyclic(String file, List<Layer> layers, List<Edge> edges) {
        List<Layer> order = TopologicalOrder.of(layers, edges);
        if (order.size() != layers.size()) {
            Set<Integer> placed = new HashSet<>();
            order.forEach(l -> placed.add(l.id()));
            Layer stuck = layers.stream().filter(l -> !placed.contains(l.id())).findFirst().orElseThrow();
            throw new InvalidModelException(file + ": the graph has a cycle through layer " + stuck.id() + " '"
                    + stuck.name() + "' (" + stuck.type() + ")");
        }
    }

    private static void checkConstant(String file, Layer l) {
        String where = file + ": layer " + l.id() + " '" + l.name() + "' (Const)";
        ElementType type;
        long[] shape;
        long offset;
        long size;
        try {
            type = IrSyntax.parseElementType(l.requireAttribute("element_type"));
            shape = IrSyntax.parseLongList(l.requireAttribute("shape"));
            offset = Long.parseLong(l.requireAttribute("offset").trim());
            size = Long.parseLong(l.requireAttribute("size").trim());
        } catch (InvalidModelException | IllegalArgumentException e) {
            throw new InvalidModelException(where + ": " + e.getMessage(), e);
        }
        if (type == ElementType.UNDEFINED) {
            throw new InvalidModelException(where + ": element_type must be concrete");
        }
        if (offset < 0 || size < 0) {
            throw new InvalidModelException(where + ": negative offset " + offset + " or size " + size);
        }
        long expected;
        try {
            long count = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new InvalidModelException(where + ": shape " + Arrays.toString(shape) + " is not static");
                }
                count = Math.multiplyExact(count, d);
            }
            expected = type.byteSize(count);
        } catch (ArithmeticException e) {
            throw new InvalidModelException(where + ": shape " + Arrays.toString(shape) + " overflows", e);
        }
        if (expected != size) {
            throw new InvalidModelException(where + ": size " + size + " bytes does not match " + type.irName()
                    + " x " + Arrays.toString(shape) + " = " + expected + " bytes");
        }
        if (l.outputs().size() != 1 || !l.inputs().isEmpty()) {
            throw new InvalidModelException(where + ": expected no inputs and 1 output, found " + l.inputs().size()
                    + " and " + l.outputs().size());
        }
        Port out = l.output(0);
        if (!Arrays.equals(out.dims(), shape)) {
            throw new InvalidModelException(where + ": output port shape " + Arrays.toString(out.dims())
                    + " differs from shape attribute " + Arrays.toString(shape));
        }
        if (out.type() != ElementType.UNDEFINED && out.type() != type) {
            throw new InvalidModelException(where + ": output precision " + out.type().irName()
                    + " differs from element_type " + type.irName());
        }
    }

    /** Every {@code Const} byte range lies inside the weights file, which is no longer than they need ({@link IrWeights}). */
    static void checkConstantRanges(String file, Path bin, List<Layer> layers, long binSize) {
        long end = 0;
        for (Layer l : layers) {
            if (!l.type().equals("Const")) {
                continue;
            }
            long offset = Long.parseLong(l.requireAttribute("offset").trim());
            long size = Long.parseLong(l.requireAttribute("size").trim());
            if (offset > binSize - size) {
                throw new InvalidModelException(file + ": layer " + l.id() + " '" + l.name() + "' (Const): bytes ["
                        + offset + ", " + (offset + size) + ") lie outside the " + binSize + "-byte weights file "
                        + bin.getFileName() + " (truncated or wrong .bin?)");
            }
            end = Math.max(end, offset + size);
        }
        if (end > 0) {
            IrWeights.check(Path.of(file).getFileName().toString(), bin.getFileName().toString(), end, binSize);
        }
    }

    private static Port findPort(List<Port> ports, int id) {
        for (Port p : ports) {
            if (p.id() == id) {
                return p;
            }
        }
        return null;
    }

    private static long key(int layer, int port) {
        return ((long) layer << 32) | (port & 0xffffffffL);
    }
}
