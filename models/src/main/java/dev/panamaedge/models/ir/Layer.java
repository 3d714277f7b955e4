package dev.panamaedge.models.ir;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IR layer: an operation with its attributes (IR's {@code <data>} element) and ports.
 *
 * @param id         layer id, unique in the model
 * @param name       layer name (what per-layer reports print)
 * @param type       op type as in the opset specification ({@code Convolution}, {@code Const}, …)
 * @param version    opset name ({@code opset1} … ) the op type belongs to
 * @param attributes the {@code <data>} attributes, verbatim strings in IR order
 * @param inputs     input ports in port-id order
 * @param outputs    output ports in port-id order
 */
public record Layer(int id, String name, String type, String version, Map<String, String> attributes,
                    List<Port> inputs, List<Port> outputs) {
    public Layer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(version, "version");
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /**
     * A required attribute.
     *
     * @throws InvalidModelException naming the layer and the missing key
     */
    public String requireAttribute(String key) {
        String v = attributes.get(key);
        if (v == null) {
            throw new InvalidModelException("layer '" + name + "' (" + type + ") has no attribute '" + key + "'");
        }
        return v;
    }

    public Port output(int index) {
        return outputs.get(index);
    }

    public Port input(int index) {
        return inputs.get(index);
    }
}
