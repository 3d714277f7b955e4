package dev.panamaedge.models.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TopologicalOrderTest {

    /** Layers in this file order, with ids 1, 2, 3…, each with input ports 0 and 1 and output port 2. */
    private static List<Layer> layers(String... names) {
        List<Layer> layers = new ArrayList<>();
        for (String name : names) {
            layers.add(new Layer(layers.size() + 1, name, "Op", "opset1", Map.of(),
                    List.of(new Port(0, ElementType.F32, 1), new Port(1, ElementType.F32, 1)),
                    List.of(new Port(2, ElementType.F32, 1))));
        }
        return layers;
    }

    private static Edge edge(int from, int to, int toPort) {
        return new Edge(from, 2, to, toPort);
    }

    private static List<String> order(List<Layer> layers, Edge... edges) {
        return TopologicalOrder.of(layers, List.of(edges)).stream().map(Layer::name).toList();
    }

    @Test
    void producersComeFirstAndTiesKeepFileOrder() {
        // sum needs left and right, both need source; the edges are listed left first.
        assertEquals(List.of("source", "right", "left", "sum"), order(layers("sum", "right", "left", "source"),
                edge(4, 3, 0), edge(4, 2, 0), edge(3, 1, 0), edge(2, 1, 1)));
    }

    @Test
    void aLayerFedTwiceByOneProducerWaitsForBothEdges() {
        assertEquals(List.of("source", "square"), order(layers("square", "source"), edge(2, 1, 0), edge(2, 1, 1)));
    }

    @Test
    void layersOnOrBehindACycleAreLeftOut() {
        assertEquals(List.of("source"), order(layers("source", "a", "b", "after"),
                edge(1, 2, 0), edge(3, 2, 1), edge(2, 3, 0), edge(3, 4, 0)));
    }
}
