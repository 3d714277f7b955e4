package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.util.Hashtable;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageDecoder#decodeHeapBytes} from headers alone: raster bytes per pixel plus 3 for the RGB result, and the
 * row-by-row conversion that keeps a decode at that figure (an RGBA PNG decodes to the same pixels as before).
 */
final class DecodeHeapBytesTest {
    private static final int W = 120;
    private static final int H = 50;

    private static byte[] encode(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), format);
        return out.toByteArray();
    }

    private static BufferedImage rgba16() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        return new BufferedImage(model, Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, W, H, 4, new Point()),
                false, new Hashtable<>());
    }

    @Test
    void perPixelCostFollowsTheRaster() throws Exception {
        long px = (long) W * H;
        assertEquals(px * (4 + 3), ImageDecoder.decodeHeapBytes(encode(new BufferedImage(W, H,
                BufferedImage.TYPE_4BYTE_ABGR), "png"), px));
        assertEquals(px * (3 + 3), ImageDecoder.decodeHeapBytes(encode(new BufferedImage(W, H,
                BufferedImage.TYPE_3BYTE_BGR), "png"), px));
        assertEquals(px * (8 + 3), ImageDecoder.decodeHeapBytes(encode(rgba16(), "png"), px));
        assertEquals(px * (1 + 3), ImageDecoder.decodeHeapBytes(encode(new BufferedImage(W, H,
                BufferedImage.TYPE_BYTE_GRAY), "png"), px));
        assertEquals(px * (3 + 3), ImageDecoder.decodeHeapBytes(encode(new BufferedImage(W, H,
                BufferedImage.TYPE_3BYTE_BGR), "jpg"), px));
    }

    @Test
    void overTheLimitOrUnreadableIsLeftToDecode() throws Exception {
        byte[] png = encode(new BufferedImage(W, H, BufferedImage.TYPE_4BYTE_ABGR), "png");
        assertEquals(0, ImageDecoder.decodeHeapBytes(png, (long) W * H - 1));
        assertEquals(0, ImageDecoder.decodeHeapBytes(new byte[] {1, 2, 3, 4}, 1_000_000));
    }

    @Test
    void rgbaPngDecodesToItsPixelsRowByRow() throws Exception {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_4BYTE_ABGR);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image.setRGB(x, y, 0xFF000000 | (x * 2) << 16 | (y * 5) << 8 | (x + y));
            }
        }
        RgbImage rgb = ImageDecoder.decode(encode(image, "png"), "test");
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(x * 2, rgb.sample(x, y, 0));
                assertEquals(y * 5, rgb.sample(x, y, 1));
                assertEquals(x + y, rgb.sample(x, y, 2));
            }
        }
    }
}
