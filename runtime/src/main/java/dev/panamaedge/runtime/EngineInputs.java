package dev.panamaedge.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The input check every {@link Engine} makes before it runs: the caller's tensors matched against the model's
 * inputs, as {@link Engine#run} documents. Every mismatch is an {@link IllegalArgumentException} naming the
 * input and the expected versus actual value, because edge callers see these messages in HTTP 400 bodies; one
 * check keeps them the same whichever engine serves.
 */
public final class EngineInputs {
    private EngineInputs() {
    }

    /**
     * The tensors in model-input order. A single-input model accepts its tensor under any one key.
     *
     * @param specs the model's inputs, in model order
     * @param given the caller's tensors by input name
     * @throws IllegalArgumentException for an unknown, missing or null input, or a wrong element type or shape
     */
    public static List<Tensor> inModelOrder(List<TensorSpec> specs, Map<String, Tensor> given) {
        Objects.requireNonNull(given, "inputs");
        if (specs.size() == 1 && given.size() == 1) {
            return List.of(checked(specs.get(0), given.values().iterator().next()));
        }
        for (String name : given.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("unknown input '" + name + "'; the model's inputs are " + specs);
            }
        }
        List<Tensor> ordered = new ArrayList<>(specs.size());
        for (TensorSpec spec : specs) {
            if (!given.containsKey(spec.name())) {
                throw new IllegalArgumentException("missing input '" + spec.name() + "' (" + spec + "); got "
                        + given.keySet());
            }
            ordered.add(checked(spec, given.get(spec.name())));
        }
        return ordered;
    }

    private static Tensor checked(TensorSpec spec, Tensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("input '" + spec.name() + "' is null; expected " + spec);
        }
        if (tensor.type() != spec.type()) {
            throw new IllegalArgumentException("input '" + spec.name() + "': expected element type "
                    + spec.type().irName() + ", got " + tensor.type().irName());
        }
        if (!spec.accepts(tensor.shape())) {
            throw new IllegalArgumentException("input '" + spec.name() + "': expected shape "
                    + Arrays.toString(spec.dims()) + ", got " + tensor.shape());
        }
        return tensor;
    }
}
