package dev.panamaedge.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one switch between the Vector API kernels and their scalar twins, shared by the reference engine's
 * kernels and image preprocessing.
 *
 * <p>System property {@value #PROPERTY} is read once, into {@code static final} fields, so the JIT folds the
 * branch in every kernel: {@code 0} selects the scalar kernels, {@code 64}/{@code 128}/{@code 256}/{@code 512}
 * select that float species, and an unset property selects {@link FloatVector#SPECIES_PREFERRED}. An unknown
 * value does not fail class initialisation (that would surface as an opaque {@link ExceptionInInitializerError});
 * it is reported by {@link #requireValidConfiguration()} when an engine loads, and meanwhile the preferred
 * species is used.
 */
public final class VectorSwitch {
    public static final String PROPERTY = "edge.vector.bits";

    /** The float species the vector kernels use; meaningful only when {@link #ENABLED}. */
    public static final VectorSpecies<Float> FLOAT_SPECIES;
    /** False when {@code edge.vector.bits=0}: every kernel takes its scalar path. */
    public static final boolean ENABLED;
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
        FLOAT_SPECIES = species;
        ENABLED = enabled;
        ERROR = error;
    }

    private VectorSwitch() {
    }

    /** @throws IllegalStateException when {@code edge.vector.bits} holds an unknown value */
    public static void requireValidConfiguration() {
        if (ERROR != null) {
            throw new IllegalStateException(ERROR);
        }
    }

    /** For logs and reports: {@code vector 512-bit (16 lanes)} or {@code scalar}. */
    public static String describe() {
        return ENABLED ? "vector " + FLOAT_SPECIES.vectorBitSize() + "-bit (" + FLOAT_SPECIES.length() + " lanes)"
                : "scalar";
    }
}
