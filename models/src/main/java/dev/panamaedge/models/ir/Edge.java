package dev.panamaedge.models.ir;

/** A data edge from one layer's output port to another layer's input port, as in IR's {@code <edge>}. */
public record Edge(int fromLayer, int fromPort, int toLayer, int toPort) {
}
