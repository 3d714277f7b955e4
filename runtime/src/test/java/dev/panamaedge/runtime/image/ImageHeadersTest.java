package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.testsupport.SharedPhotos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The header read agrees with ImageIO's reader on every photo and image type, and gives up rather than guess. */
final class ImageHeadersTest {

    private static byte[] encode(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), format);
        return out.toByteArray();
    }

    private static List<byte[]> images() throws Exception {
        List<byte[]> all = new ArrayList<>();
        try (Stream<Path> photos = Files.list(SharedPhotos.directory())) {
            for (Path p : photos.sorted().toList()) {
                String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                if (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png")) {
                    all.add(Files.readAllBytes(p));
                }
            }
        }
        for (int type : new int[] {BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_3BYTE_BGR,
                BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_BINARY,
                BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_INT_RGB}) {
            all.add(encode(new BufferedImage(37, 21, type), "png"));
        }
        all.add(encode(new BufferedImage(37, 21, BufferedImage.TYPE_3BYTE_BGR), "jpg"));
        all.add(encode(new BufferedImage(37, 21, BufferedImage.TYPE_BYTE_GRAY), "jpg"));
        return all;
    }

    @Test
    void agreesWithImageIoOnEveryPhotoAndType() throws Exception {
        List<byte[]> images = images();
        assertTrue(images.size() > 12, "photos found: " + images.size());
        for (byte[] image : images) {
            Optional<ImageHeaders.Header> header = ImageHeaders.read(image);
            assertTrue(header.isPresent(), "read " + image.length + " bytes");
            assertEquals(ImageDecoder.decodeHeapBytesByImageIo(image, Long.MAX_VALUE),
                    header.get().pixels() * (header.get().rasterBytesPerPixel() + 3));
        }
    }

    @Test
    void truncatedOrCorruptHeadersAreLeftToImageIo() throws Exception {
        byte[] jpeg = SharedPhotos.bytes("cat_720p.jpg");
        assertEquals(Optional.empty(), ImageHeaders.read(Arrays.copyOf(jpeg, 40)));
        byte[] png = encode(new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB), "png");
        assertEquals(Optional.empty(), ImageHeaders.read(Arrays.copyOf(png, 20)));
        byte[] badColour = png.clone();
        badColour[25] = 5;
        assertEquals(Optional.empty(), ImageHeaders.read(badColour));
        assertEquals(Optional.empty(), ImageHeaders.read(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}));
        Random random = new Random(9);
        for (int i = 0; i < 2000; i++) {
            byte[] flipped = jpeg.clone();
            flipped[2 + random.nextInt(600)] ^= (byte) (1 << random.nextInt(8));
            ImageHeaders.read(flipped).ifPresent(h -> assertTrue(h.width() > 0 && h.height() > 0));
        }
    }
}
