package dev.panamaedge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.testsupport.SharedPhotos;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every real photo in ../shared/images decodes and preprocesses to the model's input shape. */
final class SharedPhotosTest {

    @Test
    void everyPhotoBecomesAnImagenetInput() throws IOException {
        var torch = new Preprocessor(Preprocessing.imagenetTorchvision(224));
        var tflite = new Preprocessor(Preprocessing.tfliteUint8(224));
        List<Path> photos = SharedPhotos.all();
        assertTrue(photos.size() >= 10, "expected the 11 shared photos, found " + photos);
        float low = (0 - 123.675f) / 58.395f;
        float high = (255 - 103.53f) / 57.375f;
        for (Path photo : photos) {
            RgbImage img = ImageDecoder.read(photo);
            Tensor t = torch.tensor(img);
            assertEquals(Shape.of(1, 3, 224, 224), t.shape(), photo.toString());
            for (float v : t.toFloatArray()) {
                assertTrue(v >= low - 1e-5f && v <= high + 1e-5f, photo + ": " + v + " outside the normalized range");
            }
            Tensor u8 = tflite.tensor(img);
            assertEquals(Shape.of(1, 224, 224, 3), u8.shape(), photo.toString());
            assertEquals(ElementType.U8, u8.type());
        }
    }

    @Test
    void knownPhotoSizes() throws IOException {
        Path dir = SharedPhotos.directory();
        assertSize(dir.resolve("cat.bmp"), 512, 341);
        assertSize(dir.resolve("grace_hopper.bmp"), 512, 600);
        assertSize(dir.resolve("parrot.jpg"), 512, 929);
        assertSize(dir.resolve("cat_720p.jpg"), 1280, 720);
    }

    @Test
    void bmpPixelsMatchTheRawFile() throws IOException {
        // cat.bmp: 24-bit, bottom-up, rows of 512 * 3 = 1536 bytes (no padding), pixel data at offset 138.
        Path cat = SharedPhotos.directory().resolve("cat.bmp");
        byte[] raw = Files.readAllBytes(cat);
        int offset = ByteBuffer.wrap(raw, 10, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(138, offset);
        RgbImage img = ImageDecoder.read(cat);
        for (int[] xy : new int[][] {{0, 0}, {511, 0}, {0, 340}, {255, 170}, {400, 33}}) {
            int at = offset + (340 - xy[1]) * 1536 + 3 * xy[0];
            assertEquals(raw[at + 2] & 0xFF, img.sample(xy[0], xy[1], 0));
            assertEquals(raw[at + 1] & 0xFF, img.sample(xy[0], xy[1], 1));
            assertEquals(raw[at] & 0xFF, img.sample(xy[0], xy[1], 2));
        }
    }

    @Test
    void batchOfAllPhotos() throws IOException {
        List<RgbImage> images = new ArrayList<>();
        for (Path p : SharedPhotos.all()) {
            images.add(ImageDecoder.read(p));
        }
        Tensor batch = new Preprocessor(Preprocessing.imagenetTorchvision(96)).batch(images);
        assertEquals(Shape.of(images.size(), 3, 96, 96), batch.shape());
    }

    private static void assertSize(Path file, int width, int height) throws IOException {
        RgbImage img = ImageDecoder.read(file);
        assertEquals(width, img.width(), file + " width");
        assertEquals(height, img.height(), file + " height");
    }
}
