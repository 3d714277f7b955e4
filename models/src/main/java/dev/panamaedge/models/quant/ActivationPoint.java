package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.Edge;
import java.util.List;

/**
 * One activation tensor the quantizer puts a FakeQuantize on.
 *
 * @param tensor        the producing layer's name: the key the calibrator observes and the reference
 *                      engine's per-layer outputs use
 * @param producerLayer id of the layer producing the tensor
 * @param producerPort  its output port id
 * @param consumers     the edges that read the quantized value (other readers keep the float value)
 */
public record ActivationPoint(String tensor, int producerLayer, int producerPort, List<Edge> consumers) {
    public ActivationPoint {
        consumers = List.copyOf(consumers);
    }
}
