package dev.panamaedge.tools.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.image.RgbImage;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

final class AugmentationTest {
    /** An asymmetric pattern, so a different crop offset, size or flip changes the bytes. */
    private static RgbImage synthetic(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    px[3 * (y * w + x) + c] = (byte) (x * 7 + y * 13 + c * 29 + x * y);
                }
            }
        }
        return RgbImage.of(w, h, px);
    }

    @FunctionalInterface
    private interface Variants {
        RgbImage of(RgbImage image, long seed, int index);
    }

    /** SHA-256 over 360 variants: three image shapes, three seeds, indices 0..39. */
    private static String digest(Variants variants) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (RgbImage image : new RgbImage[] {synthetic(37, 29), synthetic(64, 48), synthetic(9, 300)}) {
            for (long seed : new long[] {42, -3, 1L << 40}) {
                for (int i = 0; i < 40; i++) {
                    RgbImage v = variants.of(image, seed, i);
                    md.update(new byte[] {(byte) v.width(), (byte) (v.width() >> 8), (byte) v.height(),
                            (byte) (v.height() >> 8)});
                    md.update(v.toInterleavedRgb());
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The digests were taken from the two separate implementations this class replaced (report's 40–100 % and
     * CalibrationImages' 30–100 % crop), so the accuracy tests' calibration and evaluation inputs are unchanged.
     */
    @Test
    void pixelsAreTheOnesBothFormerCopiesProduced() throws Exception {
        assertEquals("b0466677ddcb71f5aa80f9cdbd70def9bfd09014253cad2d435d0f7e958513ab",
                digest(Augmentation::variant));
        assertEquals("21c822e0e1b3864a30be9e0ed1a3f4b99c8e485f8d9db7555e1a08ae6f63c136",
                digest(Augmentation::calibrationVariant));
    }

    @Test
    void sameSeedAndIndexGiveTheSamePixels() {
        RgbImage image = synthetic(64, 48);
        assertArrayEquals(Augmentation.variant(image, 9, 3).toInterleavedRgb(),
                Augmentation.variant(image, 9, 3).toInterleavedRgb());
        assertArrayEquals(Augmentation.calibrationVariant(image, 9, 3).toInterleavedRgb(),
                Augmentation.calibrationVariant(image, 9, 3).toInterleavedRgb());
    }

    @Test
    void cropsStayWithinTheirAreaRange() {
        RgbImage image = synthetic(400, 300);
        double full = 400.0 * 300;
        for (int i = 0; i < 200; i++) {
            RgbImage validation = Augmentation.variant(image, 5, i);
            RgbImage calibration = Augmentation.calibrationVariant(image, 5, i);
            // Rounding each side to whole pixels moves the area by well under 2 %.
            assertTrue(validation.width() * (double) validation.height() >= 0.38 * full, "variant " + i);
            assertTrue(calibration.width() * (double) calibration.height() >= 0.28 * full, "calibration " + i);
        }
    }
}
