package dev.panamaedge.tools.report;

import dev.panamaedge.runtime.image.RgbImage;
import java.util.Random;

/**
 * Seeded variants of a photo: a random crop (aspect 3/4–4/3) mirrored with probability 1/2, after the ImageNet
 * training recipe. Crops and flips keep the photo's class, so a model and its baseline should still agree on
 * them. Two area ranges: 40–100 % for validation sets, 30–100 % for calibration samples.
 *
 * <p>Variant {@code index} of a seed draws from {@code new Random(seed * 1_000_003L + index)}, so the same
 * seed and index give the same pixels; the accuracy tests depend on exactly these pixels.
 */
public final class Augmentation {
    private Augmentation() {
    }

    /** Validation variant {@code index} of {@code image}: a crop of 40–100 % of the area. */
    public static RgbImage variant(RgbImage image, long seed, int index) {
        return crop(image, random(seed, index), 0.4);
    }

    /** Calibration variant {@code index} of {@code image}: a crop of 30–100 % of the area. */
    public static RgbImage calibrationVariant(RgbImage image, long seed, int index) {
        return crop(image, random(seed, index), 0.3);
    }

    private static Random random(long seed, int index) {
        return new Random(seed * 1_000_003L + index);
    }

    /** A crop of {@code minArea}–100 % of the area, maybe mirrored. */
    private static RgbImage crop(RgbImage image, Random rnd, double minArea) {
        int w = image.width();
        int h = image.height();
        // 1 - 0.3 and 1 - 0.4 are exactly the doubles 0.7 and 0.6 the earlier literals gave: same pixels.
        double area = w * (double) h * (minArea + (1 - minArea) * rnd.nextDouble());
        double aspect = Math.exp(Math.log(0.75) + (Math.log(4.0 / 3) - Math.log(0.75)) * rnd.nextDouble());
        int cw = (int) Math.max(8, Math.min(w, Math.round(Math.sqrt(area * aspect))));
        int ch = (int) Math.max(8, Math.min(h, Math.round(Math.sqrt(area / aspect))));
        cw = Math.min(cw, w);
        ch = Math.min(ch, h);
        int x0 = rnd.nextInt(w - cw + 1);
        int y0 = rnd.nextInt(h - ch + 1);
        boolean flip = rnd.nextBoolean();
        byte[] src = image.toInterleavedRgb();
        byte[] dst = new byte[cw * ch * 3];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int s = 3 * ((y0 + y) * w + x0 + (flip ? cw - 1 - x : x));
                int d = 3 * (y * cw + x);
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return RgbImage.of(cw, ch, dst);
    }
}
