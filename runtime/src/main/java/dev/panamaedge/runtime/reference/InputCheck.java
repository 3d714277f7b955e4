package dev.panamaedge.runtime.reference;

import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Matches the tensors a caller passes to {@code run} against the model's inputs. Every mismatch is an
 * {@link IllegalArgumentException} naming the input and the expected versus actual value, because edge
 * callers see these messages in HTTP 400 bodies.
 */
final class InputCheck {
    private InputCheck() {
    }

    /** The tensors in model-input order. A single-input model accepts its tensor under any one key. */
    static Tensor[] resolve(List<TensorSpec> specs, Map<String, Tensor> given) {
        Objects.requireNonNull(given, "inputs");
        Tensor[] out = new Tensor[specs.size()];
        if (specs.size() == 1 && given.size() == 1) {
            Map.Entry<String, Tensor> only = given.entrySet().iterator().next();
            out[0] = check(specs.get(0), only.getKey(), only.getValue());
            return out;
        }
        for (String name : given.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("unknown input '" + name + "'; model inputs are " + specs);
            }
        }
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec spec = specs.get(i);
            if (!given.containsKey(spec.name())) {
                throw new IllegalArgumentException("missing input '" + spec.name() + "'; model inputs are " + specs);
            }
            out[i] = check(spec, spec.name(), given.get(spec.name()));
        }
        return out;
    }

    private static Tensor check(TensorSpec spec, String key, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException("input '" + key + "' is null; expected " + spec);
        }
        if (t.type() != spec.type()) {
            throw new IllegalArgumentException("input '" + key + "': expected element type " + spec.type().irName()
                    + ", got " + t.type().irName());
        }
        if (!spec.accepts(t.shape())) {
            throw new IllegalArgumentException("input '" + key + "': expected shape "
                    + java.util.Arrays.toString(spec.dims()) + ", got " + t.shape());
        }
        return t;
    }
}
