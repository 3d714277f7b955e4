package dev.panamaedge.models.mobilenet;

import dev.panamaedge.testsupport.SharedPhotos;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Input tensors for forward checks: real photos from ../shared/images and uniform noise, torchvision-normalized. */
final class TestImages {
    static final List<String> PHOTOS = List.of("bird.bmp", "cat.bmp", "dragonfly.bmp", "grace_hopper.bmp",
            "hot_dog.jpg", "missvickie_potato_chips.bmp", "owl.jpg", "parrot.jpg", "pets.jpg", "sunflower.bmp");
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};

    private TestImages() {
    }

    /** A photo squashed to {@code size × size} (bilinear), RGB, NCHW, (pixel − mean) / std. */
    static FloatGraphInterpreter.Tensor photo(String name, int size) throws IOException {
        Path file = SharedPhotos.path(name);
        BufferedImage src = ImageIO.read(file.toFile());
        if (src == null) {
            throw new IOException("ImageIO cannot decode " + file);
        }
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, size, size, null);
        g.dispose();
        float[] data = new float[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = scaled.getRGB(x, y);
                int[] c = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                for (int ch = 0; ch < 3; ch++) {
                    data[(ch * size + y) * size + x] = (c[ch] - MEAN[ch]) / STD[ch];
                }
            }
        }
        return new FloatGraphInterpreter.Tensor(new long[] {1, 3, size, size}, data);
    }

    /** Uniform random pixels 0..255, normalized like a photo. */
    static FloatGraphInterpreter.Tensor noise(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[3 * size * size];
        for (int i = 0; i < data.length; i++) {
            int ch = i / (size * size);
            data[i] = (r.nextInt(256) - MEAN[ch]) / STD[ch];
        }
        return new FloatGraphInterpreter.Tensor(new long[] {1, 3, size, size}, data);
    }
}
