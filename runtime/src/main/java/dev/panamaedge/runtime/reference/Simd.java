package dev.panamaedge.runtime.reference;

import dev.panamaedge.runtime.VectorSwitch;
import jdk.incubator.vector.VectorSpecies;

/**
 * The reference kernels' view of the one {@link VectorSwitch} ({@code edge.vector.bits}): the same
 * {@code static final} values under the short names the kernels use, so the JIT folds the branch.
 */
final class Simd {
    /** The float species the vector kernels use; meaningful only when {@link #ENABLED}. */
    static final VectorSpecies<Float> F = VectorSwitch.FLOAT_SPECIES;
    /** False when {@code edge.vector.bits=0}: every kernel takes its scalar path. */
    static final boolean ENABLED = VectorSwitch.ENABLED;

    private Simd() {
    }

    /** @throws IllegalStateException when {@code edge.vector.bits} holds an unknown value */
    static void requireValidConfiguration() {
        VectorSwitch.requireValidConfiguration();
    }

    /** For logs and reports: {@code vector 512-bit (16 lanes)} or {@code scalar}. */
    static String describe() {
        return VectorSwitch.describe();
    }
}
