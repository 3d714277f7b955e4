package dev.panamaedge.runtime.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one switch between the Vector API kernels and their scalar twins.
 *
 * <p>System property {@code edge.vector.bits} is read once, into {@code static final} fields, so the JIT folds
 * the branch in every kernel: {@code 0} selects the scalar kernels, {@code 64}/{@code 128}/{@code 256}/{@code 512}
 * select that float species, and an unset property selects {@link FloatVector#SPECIES_PREFERRED}. An unknown
 * value does not fail class initialisation (that would surface as an opaque {@link ExceptionInInitializerError});
 * it is reported by {@link #requireValidConfiguration()} when an engine loads.
 */
final class Simd {
    static final String PROPERTY = "edge.vector.bits";

    /** The float species the vector kernels use; meaningful only when {@link #ENABLED}. */
    static final VectorSpecies<Float> F;
    /** False when {@code edge.vector.bits=0}: every kernel takes its scalar path. */
    static final boolean ENABLED;
    private static final String ERROR;

    static {
        String raw = System.getProperty(PROPERTY);
        VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;
        boolean enabled = true;
        String error = null;
        if (raw != null && !raw.isBlank()) {
            switch (raw.trim()) {
                case "0" -> enabled = false;
                case "64" -> species = FloatVector.SPECIES_64;
                case "128" -> species = FloatVector.SPECIES_128;
                case "256" -> species = FloatVector.SPECIES_256;
                case "512" -> species = FloatVector.SPECIES_512;
                default -> error = PROPERTY + "=" + raw + " is not one of 0, 64, 128, 256, 512";
            }
        }
        F = species;
        ENABLED = enabled;
        ERROR = error;
    }

    private Simd() {
    }

    /** @throws IllegalStateException when {@code edge.vector.bits} holds an unknown value */
    static void requireValidConfiguration() {
        if (ERROR != null) {
            throw new IllegalStateException(ERROR);
        }
    }

    /** For logs and reports: {@code vector 512-bit (16 lanes)} or {@code scalar}. */
    static String describe() {
        return ENABLED ? "vector " + F.vectorBitSize() + "-bit (" + F.length() + " lanes)" : "scalar";
    }
}
