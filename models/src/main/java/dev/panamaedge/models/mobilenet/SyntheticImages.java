package dev.panamaedge.models.mobilenet;

import java.util.SplittableRandom;

/**
 * Photo-like random images for calibrating the generated network's BatchNorm statistics.
 *
 * <p>Why not white noise: a network normalized on noise sees other statistics on photos (photos are
 * smooth, with most energy at low spatial frequencies and sharp edges between regions), so its activations
 * would drift on real inputs. Each image is a colour cast, a texture with a 1/f amplitude spectrum (the
 * classic natural-image statistic) built from oriented sinusoids, a few flat-coloured ellipses and
 * rectangles with hard edges, and a little pixel noise; then it is normalized exactly as
 * {@code Preprocessing.imagenetTorchvision} prescribes (RGB, (pixel − mean) / std, NCHW).
 */
final class SyntheticImages {
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};
    private static final int WAVES = 24;

    private SyntheticImages() {
    }

    static Activations batch(SplittableRandom random, int count, int size) {
        Activations batch = Activations.zeros(count, 3, size);
        for (int n = 0; n < count; n++) {
            paint(random.split(), size, batch.images()[n]);
        }
        return batch;
    }

    private static void paint(SplittableRandom r, int size, float[] chw) {
        int hw = size * size;
        float[][] rgb = new float[3][hw];
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(rgb[c], (float) r.nextDouble(50, 205));
        }
        addTexture(r, size, rgb);
        int shapes = r.nextInt(2, 7);
        for (int s = 0; s < shapes; s++) {
            addShape(r, size, rgb);
        }
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < hw; p++) {
                float v = rgb[c][p] + (float) (3 * gaussian(r));
                v = Math.min(255f, Math.max(0f, v));
                chw[c * hw + p] = (v - MEAN[c]) / STD[c];
            }
        }
    }

    /**
     * Sum of sinusoids with log-uniform frequencies and equal expected amplitudes: equal power per octave,
     * which is the 1/f amplitude spectrum of natural images once the 2-D density of frequencies is counted.
     * Mostly luminance, with some colour.
     */
    private static void addTexture(SplittableRandom r, int size, float[][] rgb) {
        double contrast = r.nextDouble(20, 60);
        for (int k = 0; k < WAVES; k++) {
            double cycles = StrictMath.exp(r.nextDouble(0, StrictMath.log(size / 2.5)));
            double angle = r.nextDouble(0, Math.PI);
            double phase = r.nextDouble(0, 2 * Math.PI);
            double amplitude = contrast * gaussian(r) / Math.sqrt(WAVES);
            double fx = 2 * Math.PI * cycles * StrictMath.cos(angle) / size;
            double fy = 2 * Math.PI * cycles * StrictMath.sin(angle) / size;
            double[] tint = {1 + 0.3 * gaussian(r), 1 + 0.3 * gaussian(r), 1 + 0.3 * gaussian(r)};
            // sin(a + b) = sin a cos b + cos a sin b: two tables per wave instead of a sine per pixel.
            double[] sinX = new double[size];
            double[] cosX = new double[size];
            double[] sinY = new double[size];
            double[] cosY = new double[size];
            for (int i = 0; i < size; i++) {
                sinX[i] = StrictMath.sin(fx * i);
                cosX[i] = StrictMath.cos(fx * i);
                sinY[i] = StrictMath.sin(fy * i + phase);
                cosY[i] = StrictMath.cos(fy * i + phase);
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = (float) (amplitude * (sinX[x] * cosY[y] + cosX[x] * sinY[y]));
                    int p = y * size + x;
                    for (int c = 0; c < 3; c++) {
                        rgb[c][p] += (float) (v * tint[c]);
                    }
                }
            }
        }
    }

    /** A flat-coloured ellipse or rectangle: hard edges like object boundaries. */
    private static void addShape(SplittableRandom r, int size, float[][] rgb) {
        double cx = r.nextDouble(0, size);
        double cy = r.nextDouble(0, size);
        double rx = r.nextDouble(size / 16.0, size / 3.0);
        double ry = r.nextDouble(size / 16.0, size / 3.0);
        boolean ellipse = r.nextBoolean();
        float[] colour = {(float) r.nextDouble(0, 255), (float) r.nextDouble(0, 255), (float) r.nextDouble(0, 255)};
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = (x - cx) / rx;
                double dy = (y - cy) / ry;
                boolean inside = ellipse ? dx * dx + dy * dy <= 1 : Math.abs(dx) <= 1 && Math.abs(dy) <= 1;
                if (inside) {
                    int p = y * size + x;
                    for (int c = 0; c < 3; c++) {
                        rgb[c][p] = 0.8f * colour[c] + 0.2f * rgb[c][p];
                    }
                }
            }
        }
    }

    /** Box–Muller on a SplittableRandom, so the sequence is fixed by the seed alone. */
    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }
}
