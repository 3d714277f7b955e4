package dev.panamaedge.server;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import javax.imageio.ImageIO;

/**
 * The largest inputs a server's limits allow, made in memory: RGBA PNGs of a given size (8 or 16 bits per sample, a
 * smooth pattern that compresses far below the body limit) and a JSON inference request of a given length whose
 * tensor is all {@code 0}, the most elements a body of that length can hold.
 */
final class LargeInputs {
    private LargeInputs() {
    }

    /** A valid {@code side × side} RGBA PNG with 8 or 16 bits per sample. */
    static byte[] rgbaPng(int side, int bitsPerSample) {
        BufferedImage image;
        if (bitsPerSample == 8) {
            image = new BufferedImage(side, side, BufferedImage.TYPE_4BYTE_ABGR);
        } else {
            ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                    Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
            WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, side, side, 4, new Point());
            image = new BufferedImage(model, raster, false, new Hashtable<>());
        }
        WritableRaster raster = image.getRaster();
        int max = (1 << bitsPerSample) - 1;
        int[] row = new int[4 * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                row[4 * x] = (x / 64 * 64) * max / side; // 64-pixel bands: compresses ~100:1 even at 16 bits
                row[4 * x + 1] = (y / 64 * 64) * max / side;
                row[4 * x + 2] = max / 2;
                row[4 * x + 3] = max;
            }
            raster.setPixels(0, y, side, 1, row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A KServe JSON request of exactly {@code length} bytes for {@code input}, its data {@code 0,0,…}. */
    static byte[] zerosJson(String input, int length) {
        String head = "{\"inputs\":[{\"name\":\"" + input + "\",\"shape\":[1,3,96,96],\"datatype\":\"FP32\",\"data\":[0";
        String tail = "]}]}";
        int pairs = (length - head.length() - tail.length()) / 2;
        StringBuilder b = new StringBuilder(length).append(head);
        b.append(",0".repeat(pairs));
        while (b.length() + tail.length() < length) {
            b.append(' ');
        }
        return b.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }
}
