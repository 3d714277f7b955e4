package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.testsupport.SharedPhotos;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused kernels against their scalar twins and against the old per-pixel algorithm
 * ({@link LegacyPreprocessor}), on real photos and on random images of odd sizes, for every element type,
 * layout and colour order, several crop fractions and mean/scale pairs.
 *
 * <p>Tolerance: none, in bytes. The twins perform the same float operations in the same order (see
 * {@link ResizeKernels}); the old algorithm performs them too, per pixel instead of per row, and rounded with
 * {@link Math#rint}, which the clamp-then-round of the new code equals for every input. Output sizes 13×9 and
 * 37×37 leave vector tails in every row for any vector width; 224×224 is the real models' size.
 */
final class FusedPreprocessingTest {
    private static final float[] ZERO = {0, 0, 0};
    private static final float[] ONE = {1, 1, 1};
    private static final float[][][] NORMALIZATIONS = {
        {ZERO, ONE},
        {{123.675f, 116.28f, 103.53f}, {58.395f, 57.12f, 57.375f}},
        {{127.5f, 128f, 127f}, {0.5f, 1f, 3f}},
    };
    private static final int[][] OUTPUT_SIZES = {{224, 224}, {13, 9}, {37, 37}, {1, 1}};
    private static final int[][] SOURCE_SIZES = {{1, 1}, {3, 1000}, {1000, 3}, {17, 13}, {31, 64}, {641, 479}};

    private static RgbImage random(int width, int height, long seed) {
        byte[] rgb = new byte[3 * width * height];
        new SplittableRandom(seed).nextBytes(rgb);
        return RgbImage.of(width, height, rgb);
    }

    private static List<Preprocessing> specs(int width, int height) {
        List<Preprocessing> specs = new ArrayList<>();
        double[] crops = {0.875, 1.0, 0.5};
        int k = 0;
        for (String layout : List.of("NCHW", "NHWC")) {
            for (String order : List.of("RGB", "BGR")) {
                for (ElementType type : List.of(ElementType.F32, ElementType.U8, ElementType.I8)) {
                    for (float[][] norm : NORMALIZATIONS) {
                        specs.add(new Preprocessing(layout, order, width, height, crops[k++ % crops.length],
                                norm[0], norm[1], type));
                    }
                }
            }
        }
        return specs;
    }

    private static byte[] fused(Preprocessing spec, RgbImage image, boolean vector) {
        var p = new Preprocessor(spec);
        MemorySegment out = MemorySegment.ofArray(new byte[(int) p.imageByteSize()]);
        p.writeInto(image, out, 0, spec.elementType(), vector);
        return out.toArray(ValueLayout.JAVA_BYTE);
    }

    private static void assertAllAgree(Preprocessing spec, RgbImage image, String what) {
        byte[] scalar = fused(spec, image, false);
        byte[] vector = fused(spec, image, true);
        assertArrayEquals(scalar, vector, "vector vs scalar, " + what + ", " + spec);
        assertArrayEquals(LegacyPreprocessor.tensorBytes(spec, image), scalar, "fused vs old, " + what + ", " + spec);
    }

    @Test
    void twinsAndOldAlgorithmAgreeOnRandomImagesOfOddSizes() {
        long seed = 1;
        for (int[] out : OUTPUT_SIZES) {
            List<Preprocessing> specs = specs(out[0], out[1]);
            for (int[] in : SOURCE_SIZES) {
                RgbImage image = random(in[0], in[1], seed++);
                for (Preprocessing spec : specs) {
                    assertAllAgree(spec, image, image.toString());
                }
            }
        }
    }

    @Test
    void twinsAndOldAlgorithmAgreeOnEveryPhoto() throws IOException {
        List<Path> photos = SharedPhotos.all();
        List<Preprocessing> specs = new ArrayList<>(specs(224, 224));
        specs.add(Preprocessing.tfliteUint8(224));
        specs.add(Preprocessing.imagenetTorchvision(224));
        for (Path photo : photos) {
            RgbImage image = ImageDecoder.read(photo);
            for (Preprocessing spec : specs) {
                assertAllAgree(spec, image, photo.getFileName().toString());
            }
        }
    }

    @Test
    void upscalingSmallImagesAgrees() {
        // Every output row shares a source row with the previous one: exercises the reuse of interpolated rows.
        RgbImage image = random(5, 4, 99);
        for (Preprocessing spec : specs(37, 37)) {
            assertAllAgree(spec, image, image.toString());
        }
    }

    @Test
    void paddedBgrFrameGivesTheSameBytesAsItsRgbImage() {
        RgbImage image = random(31, 17, 11);
        byte[] rgb = image.toInterleavedRgb();
        int stride = 3 * 31 + 5;
        byte[] bgr = new byte[7 + stride * 17];
        new SplittableRandom(12).nextBytes(bgr); // padding and the leading bytes hold noise
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 31; x++) {
                for (int c = 0; c < 3; c++) {
                    bgr[7 + y * stride + 3 * x + c] = rgb[3 * (y * 31 + x) + 2 - c];
                }
            }
        }
        var frame = new InterleavedFrame(bgr, 7, 31, 17, stride, true);
        for (Preprocessing spec : specs(13, 9)) {
            var p = new Preprocessor(spec);
            for (boolean vector : new boolean[] {false, true}) {
                MemorySegment out = MemorySegment.ofArray(new byte[(int) p.imageByteSize()]);
                p.writeInto(frame, out, 0, spec.elementType(), vector);
                assertArrayEquals(fused(spec, image, vector), out.toArray(ValueLayout.JAVA_BYTE),
                        "vector " + vector + ", " + spec);
            }
        }
    }

    @Test
    void framesThatOverrunTheirArrayAreRejected() {
        byte[] pixels = new byte[3 * 4 * 3];
        new InterleavedFrame(pixels, 0, 4, 3, 12, false);
        var overrun = assertThrows(IllegalArgumentException.class, () -> new InterleavedFrame(pixels, 1, 4, 3, 12, false));
        assertEquals("4x3 frame with row stride 12 at offset 1 needs 37 bytes, the array has 36", overrun.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InterleavedFrame(pixels, 0, 4, 3, 11, false));
        assertThrows(IllegalArgumentException.class, () -> new InterleavedFrame(pixels, -1, 4, 2, 12, false));
        assertThrows(IllegalArgumentException.class, () -> new InterleavedFrame(pixels, 0, 0, 3, 12, false));
    }

    @Test
    void normalizedMatchesTheOldFloatsBeforeRounding() {
        RgbImage image = random(641, 479, 7);
        for (Preprocessing spec : specs(13, 9)) {
            float[] expected = LegacyPreprocessor.normalized(spec, image);
            float[] actual = new Preprocessor(spec).normalized(image);
            assertArrayEquals(expected, actual, spec.toString());
        }
    }

    @Test
    void horizontalTwinsAgreeOnEveryTailLength() {
        SplittableRandom r = new SplittableRandom(5);
        byte[] src = new byte[301];
        r.nextBytes(src);
        for (int n = 1; n <= 70; n++) {
            int[] left = new int[n];
            int[] right = new int[n];
            float[] w = new float[n];
            for (int j = 0; j < n; j++) {
                left[j] = r.nextInt(299);
                right[j] = left[j] + r.nextInt(2);
                w[j] = (float) r.nextDouble();
            }
            float[] span = new float[src.length - 1];
            float[] widened = new float[span.length];
            ResizeKernels.widenVector(src, 1, span.length, span);
            ResizeKernels.widenScalar(src, 1, span.length, widened);
            assertArrayEquals(widened, span, "widen");
            float[] vector = new float[n];
            float[] scalar = new float[n];
            ResizeKernels.horizontalVector(span, left, right, w, vector, n);
            ResizeKernels.horizontalScalar(src, 1, left, right, w, scalar, n);
            assertArrayEquals(scalar, vector, "n=" + n);
            for (float v : vector) {
                assertTrue(v >= 0 && v <= 255, "interpolated value " + v + " outside 0..255");
            }
        }
    }
}
