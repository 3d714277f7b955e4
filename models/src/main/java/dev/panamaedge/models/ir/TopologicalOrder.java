package dev.panamaedge.models.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one walk of a graph in dependency order (Kahn's algorithm), for the graph check, the reference planner and
 * the ONNX export. Deterministic: the first ready layers are taken in file order, and a placed layer releases its
 * consumers in file order, so the same file always gives the same plan.
 *
 * <p>Layers on or behind a cycle never become ready and are left out; callers compare the sizes and say so in
 * their own words.
 */
public final class TopologicalOrder {
    private TopologicalOrder() {
    }

    /** The model's layers in dependency order (see {@link #of(List, List)}). */
    public static List<Layer> of(IrModel model) {
        return of(model.layers(), model.edges());
    }

    /**
     * @param layers the layers, in file order
     * @param edges  the edges between them; an edge counts once for every input port it feeds
     * @return every layer all of whose producers come before it, producers first
     */
    public static List<Layer> of(List<Layer> layers, List<Edge> edges) {
        Map<Integer, Integer> pending = new HashMap<>();
        Map<Integer, List<Integer>> producers = new HashMap<>();
        for (Edge e : edges) {
            pending.merge(e.toLayer(), 1, Integer::sum);
            producers.computeIfAbsent(e.toLayer(), k -> new ArrayList<>()).add(e.fromLayer());
        }
        Map<Integer, Layer> byId = new HashMap<>();
        Map<Integer, List<Integer>> consumers = new HashMap<>();
        for (Layer l : layers) {
            byId.put(l.id(), l);
            for (int from : producers.getOrDefault(l.id(), List.of())) {
                consumers.computeIfAbsent(from, k -> new ArrayList<>()).add(l.id());
            }
        }
        ArrayDeque<Layer> ready = new ArrayDeque<>();
        for (Layer l : layers) {
            if (pending.getOrDefault(l.id(), 0) == 0) {
                ready.add(l);
            }
        }
        List<Layer> order = new ArrayList<>(layers.size());
        while (!ready.isEmpty()) {
            Layer l = ready.poll();
            order.add(l);
            for (int c : consumers.getOrDefault(l.id(), List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(byId.get(c));
                }
            }
        }
        return order;
    }
}
