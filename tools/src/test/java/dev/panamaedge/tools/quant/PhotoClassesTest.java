package dev.panamaedge.tools.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.PhotoClasses;
import dev.panamaedge.testsupport.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every photo the quantization tests use has its classes recorded, and each names one ImageNet label line. */
final class PhotoClassesTest {
    @Test
    void everyPhotosClassesAreImageNetLabels() throws Exception {
        List<String> labels = Files.readAllLines(CoralModel.labels());
        for (Path p : CalibrationImages.list(SharedPhotos.directory())) {
            String photo = p.getFileName().toString();
            for (String c : PhotoClasses.of(photo)) {
                long lines = labels.stream().filter(l -> List.of(l.split(",")).getFirst().strip().equals(c)).count();
                assertEquals(1, lines, photo + ": class " + c + " names " + lines + " label lines");
            }
            assertEquals(PhotoClasses.of(photo).size(), labels.stream().filter(l -> PhotoClasses.shows(photo, l)).count(),
                    photo);
        }
    }
}
