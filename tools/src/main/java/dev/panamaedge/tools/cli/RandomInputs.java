package dev.panamaedge.tools.cli;

import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.util.SplittableRandom;

/**
 * Seeded synthetic inputs for a model input: standard normal values clamped to ±3 for float inputs (the
 * range a normalized image has), uniform bytes for u8/i8 inputs. The same seed gives the same tensors.
 */
final class RandomInputs {
    private RandomInputs() {
    }

    /** The concrete shape for a spec, with every dynamic dimension set to 1 (batch of one). */
    static Shape concreteShape(TensorSpec spec) {
        long[] dims = spec.dims();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                dims[i] = 1;
            }
        }
        return Shape.of(dims);
    }

    static Tensor tensor(TensorSpec spec, long seed) {
        Shape shape = concreteShape(spec);
        int n = Math.toIntExact(shape.elementCount());
        var random = new SplittableRandom(seed);
        return switch (spec.type()) {
            case F32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.max(-3, Math.min(3, random.nextGaussian()));
                }
                yield Tensor.ofFloats(shape, v);
            }
            case U8, I8 -> {
                byte[] v = new byte[n];
                random.nextBytes(v);
                yield Tensor.ofBytes(spec.type(), shape, v);
            }
            default -> throw new UsageException("cannot make random inputs for a " + spec.type().irName()
                    + " input (" + spec + "); supported: f32, u8, i8");
        };
    }
}
