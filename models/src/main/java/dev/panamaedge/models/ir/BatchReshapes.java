package dev.panamaedge.models.ir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a batch-1 IR reshapable to any batch: a {@code Reshape} on the data path whose constant target
 * starts with a literal {@code 1} for the batch (TFLite graphs end in {@code Reshape(x, [1, 1001])}) gets
 * {@code -1} there instead, so the batch is inferred from the element count. The graph computes exactly the
 * same at batch 1; at batch N OpenVINO ({@code benchmark_app -b N}, {@code ov_model_reshape}) can now infer
 * every shape instead of failing on {@code [N·1001]} elements into {@code [1, 1001]}.
 *
 * <p>Only targets that have no other {@code -1} are rewritten (a Reshape allows one), and only when every user
 * of the target constant is such a Reshape, so no other op sees the change. The patch edits the {@code .bin}
 * in place, a few bytes, leaving the XML (and whatever ovc wrote into it) untouched. A {@code Squeeze} of the
 * batch axis cannot be fixed this way and is reported in {@link Result#blocking()}.
 */
public final class BatchReshapes {
    private BatchReshapes() {
    }

    /**
     * @param rewritten names of the Reshape layers whose target now infers the batch
     * @param blocking  names of layers that still pin the batch to 1 (e.g. a Squeeze of axis 0)
     */
    public record Result(List<String> rewritten, List<String> blocking) {
        public Result {
            rewritten = List.copyOf(rewritten);
            blocking = List.copyOf(blocking);
        }
    }

    private record Patch(String layer, long offset, ElementType type) {
    }

    /**
     * Rewrites the IR at {@code xml} (and its {@code .bin}) in place.
     *
     * @throws IOException           when the files cannot be read or written
     * @throws InvalidModelException for a malformed IR
     */
    public static Result rewrite(Path xml) throws IOException {
        List<Patch> patches = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        try (IrModel model = IrReader.read(xml)) {
            plan(model, patches, blocking);
        }
        if (!patches.isEmpty()) {
            String file = xml.getFileName().toString();
            Path bin = xml.resolveSibling(file.substring(0, file.lastIndexOf('.')) + ".bin");
            try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.WRITE)) {
                for (Patch p : patches) {
                    ByteBuffer minusOne = ByteBuffer.allocate(p.type() == ElementType.I64 ? 8 : 4)
                            .order(ByteOrder.LITTLE_ENDIAN);
                    if (p.type() == ElementType.I64) {
                        minusOne.putLong(-1L);
                    } else {
                        minusOne.putInt(-1);
                    }
                    minusOne.flip();
                    while (minusOne.hasRemaining()) {
                        ch.write(minusOne, p.offset() + minusOne.position());
                    }
                }
            }
        }
        return new Result(patches.stream().map(Patch::layer).toList(), blocking);
    }

    private static void plan(IrModel model, List<Patch> patches, List<String> blocking) {
        Map<Integer, List<Edge>> into = new HashMap<>();
        Map<Integer, List<Edge>> outOf = new HashMap<>();
        for (Edge e : model.edges()) {
            into.computeIfAbsent(e.toLayer(), k -> new ArrayList<>()).add(e);
            outOf.computeIfAbsent(e.fromLayer(), k -> new ArrayList<>()).add(e);
        }
        Set<Integer> dataPath = reachableFromParameters(model, outOf);
        for (Layer layer : model.layers()) {
            if (!dataPath.contains(layer.id()) || layer.inputs().isEmpty() || layer.input(0).dims().length == 0
                    || layer.input(0).dims()[0] != 1) {
                continue;
            }
            switch (layer.type()) {
                case "Reshape" -> reshapeTarget(model, layer, into, outOf).ifPresent(patches::add);
                case "Squeeze" -> {
                    if (squeezesBatch(model, layer, into)) {
                        blocking.add(layer.name());
                    }
                }
                default -> {
                }
            }
        }
    }

    private static Optional<Patch> reshapeTarget(IrModel model, Layer reshape, Map<Integer, List<Edge>> into,
                                                          Map<Integer, List<Edge>> outOf) {
        Layer target = inputLayer(model, reshape, 1, into);
        if (target == null || !target.type().equals("Const")) {
            return Optional.empty();
        }
        ElementType type = target.output(0).type();
        if (type != ElementType.I64 && type != ElementType.I32) {
            return Optional.empty();
        }
        long[] values = ConstantBytes.toIntegers(type, model.constantData(target));
        boolean hasInferred = false;
        for (long v : values) {
            hasInferred |= v == -1;
        }
        if (values.length == 0 || values[0] != 1 || hasInferred) {
            return Optional.empty();
        }
        for (Edge use : outOf.getOrDefault(target.id(), List.of())) {
            Layer user = model.layer(use.toLayer());
            if (!user.type().equals("Reshape") || portIndex(user, use.toPort()) != 1) {
                return Optional.empty();
            }
        }
        long offset = Long.parseLong(target.requireAttribute("offset").trim());
        return Optional.of(new Patch(reshape.name(), offset, type));
    }

    private static boolean squeezesBatch(IrModel model, Layer squeeze, Map<Integer, List<Edge>> into) {
        if (squeeze.inputs().size() < 2) {
            return true; // squeezes every 1, the batch of 1 included
        }
        Layer axes = inputLayer(model, squeeze, 1, into);
        if (axes == null || !axes.type().equals("Const")) {
            return false;
        }
        int rank = squeeze.input(0).dims().length;
        for (long a : ConstantBytes.toIntegers(axes.output(0).type(), model.constantData(axes))) {
            if (a == 0 || a == -rank) {
                return true;
            }
        }
        return false;
    }

    private static Layer inputLayer(IrModel model, Layer layer, int index, Map<Integer, List<Edge>> into) {
        for (Edge e : into.getOrDefault(layer.id(), List.of())) {
            if (portIndex(layer, e.toPort()) == index) {
                return model.layer(e.fromLayer());
            }
        }
        return null;
    }

    private static int portIndex(Layer layer, int portId) {
        for (int i = 0; i < layer.inputs().size(); i++) {
            if (layer.inputs().get(i).id() == portId) {
                return i;
            }
        }
        return -1;
    }

    private static Set<Integer> reachableFromParameters(IrModel model, Map<Integer, List<Edge>> outOf) {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        model.parameters().forEach(p -> todo.add(p.id()));
        while (!todo.isEmpty()) {
            int id = todo.poll();
            if (seen.add(id)) {
                outOf.getOrDefault(id, List.of()).forEach(e -> todo.add(e.toLayer()));
            }
        }
        return seen;
    }
}
