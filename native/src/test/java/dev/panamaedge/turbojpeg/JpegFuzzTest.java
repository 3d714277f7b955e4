package dev.panamaedge.turbojpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panamaedge.runtime.image.ImageDecodeException;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.RgbImage;
import dev.panamaedge.testsupport.SharedPhotos;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile JPEGs through the whole decode path (TurboJPEG, and ImageIO for what it leaves over): a seeded loop
 * of truncations and bit flips, bounded by count. Every mutation must end as a complete image or an
 * {@link ImageDecodeException} naming it, after which the original still decodes to the same pixels; anything
 * else (another exception, a crash of the JVM) fails.
 */
final class JpegFuzzTest {
    private static final int MUTATIONS = 400;

    @Test
    void truncatedAndBitFlippedJpegsAreRejectedCleanly() {
        TestJpegs.library();
        byte[] original = SharedPhotos.bytes("hot_dog.jpg");
        RgbImage clean = ImageDecoder.decode(original, "original", 4_000_000L, 96);
        Random random = new Random(15);
        int rejected = 0;
        int decoded = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] mutated = mutate(original, random);
            String source = "mutation " + i;
            try {
                RgbImage image = ImageDecoder.decode(mutated, source, 4_000_000L, i % 3 == 0 ? 0 : 96);
                assertTrue(image.width() > 0 && image.height() > 0, source);
                decoded++;
            } catch (ImageDecodeException e) {
                assertTrue(e.getMessage().startsWith(source + ": "), e.getMessage());
                rejected++;
                // A rejection must not leave the decoder unable to decode a good frame.
                assertArrayEquals(clean.toInterleavedRgb(), ImageDecoder.decode(original, "original", 4_000_000L, 96)
                        .toInterleavedRgb(), "after " + source);
            } catch (RuntimeException e) {
                fail(source + " threw " + e + " instead of ImageDecodeException", e);
            }
        }
        // Flips inside the entropy-coded data often decode into wrong but complete pixels, which no decoder
        // can tell from a real image; flips in headers, tables and markers, and every truncation, must not.
        assertTrue(rejected >= MUTATIONS / 4, "only " + rejected + " of " + MUTATIONS + " rejected, " + decoded
                + " decoded");
    }

    /** Half truncations (anywhere), half 1–8 flipped bits, a third of those in the first 700 header bytes. */
    private static byte[] mutate(byte[] jpeg, Random random) {
        if (random.nextBoolean()) {
            return Arrays.copyOf(jpeg, 1 + random.nextInt(jpeg.length - 2));
        }
        byte[] copy = jpeg.clone();
        int flips = 1 + random.nextInt(8);
        for (int f = 0; f < flips; f++) {
            int at = random.nextInt(3) == 0 ? random.nextInt(700) : random.nextInt(copy.length);
            copy[at] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }
}
