package dev.panamaedge.turbojpeg;

import java.util.Comparator;
import java.util.List;

/**
 * One of the DCT scaling factors libjpeg-turbo decodes at ({@code tjGetScalingFactors}): the output is
 * {@code ceil(side · num / denom)} on each side, as the header's {@code TJSCALED} macro computes it.
 *
 * @param num   numerator, positive
 * @param denom denominator, positive
 */
public record ScalingFactor(int num, int denom) {
    /** Full size. */
    public static final ScalingFactor FULL = new ScalingFactor(1, 1);

    public ScalingFactor {
        if (num <= 0 || denom <= 0) {
            throw new IllegalArgumentException("scaling factor must be positive, got " + num + "/" + denom);
        }
    }

    /** {@code TJSCALED(side, this)}. */
    public int scale(int side) {
        return (int) (((long) side * num + denom - 1) / denom);
    }

    /** Whether this is 1/1, 1/2, 1/4 or 1/8: a reduction libjpeg-turbo decodes with its SIMD reduced IDCTs. */
    public boolean isPowerOfTwoReduction() {
        return num == 1 && Integer.bitCount(denom) == 1;
    }

    /**
     * The smallest power-of-two reduction in {@code factors} whose shorter side is still at least
     * {@code minShorterSide}; {@link #FULL} when none is (or when {@code minShorterSide <= 0}).
     *
     * <p>Only 1/2, 1/4 and 1/8 are used, not the 3/8 or 5/8 libjpeg-turbo also offers: those run scalar
     * {@code 3x3}/{@code 5x5} IDCTs, while the power-of-two ones are SIMD, and their output then only needs a
     * resize the preprocessing does anyway.
     */
    public static ScalingFactor smallestCovering(List<ScalingFactor> factors, int width, int height,
            int minShorterSide) {
        if (minShorterSide <= 0) {
            return FULL;
        }
        int shorter = Math.min(width, height);
        return factors.stream()
                .filter(ScalingFactor::isPowerOfTwoReduction)
                .filter(f -> f.scale(shorter) >= minShorterSide)
                .max(Comparator.comparingInt(ScalingFactor::denom))
                .orElse(FULL);
    }

    @Override
    public String toString() {
        return num + "/" + denom;
    }
}
