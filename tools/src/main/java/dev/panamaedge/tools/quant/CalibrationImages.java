package dev.panamaedge.tools.quant;

import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.runtime.image.RgbImage;
import dev.panamaedge.tools.report.Augmentation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Calibration (and evaluation) inputs from a folder of photos: every photo as it is, then seeded random
 * crops and mirror images of them until {@code count} samples exist. The crops follow the ImageNet training
 * recipe (a random 30–100 % area with aspect ratio 3/4–4/3, flipped half of the time; see
 * {@link Augmentation#calibrationVariant}), so a handful of
 * photos yields hundreds of distinct, realistic inputs. Samples go through the model's own
 * {@link Preprocessor}, so both engines and NNCF see the same bytes.
 */
public final class CalibrationImages {
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private CalibrationImages() {
    }

    /** The image files of {@code dir}, sorted by name. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "calibration folder not found");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> EXTENSIONS.contains(extension(p))).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("calibration folder " + dir + " holds no images (" 
                    + String.join(", ", EXTENSIONS.stream().sorted().toList()) + ")");
        }
        return files;
    }

    /**
     * {@code count} preprocessed samples: the decoded photos first, then augmented variants.
     *
     * @throws dev.panamaedge.runtime.image.ImageDecodeException naming a photo that does not decode
     */
    public static List<Tensor> load(Path dir, int count, long seed, Preprocessor pre, PrintWriter progress)
            throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one calibration sample, got " + count);
        }
        List<RgbImage> photos = new ArrayList<>();
        for (Path p : list(dir)) {
            photos.add(ImageDecoder.read(p));
        }
        List<Tensor> out = new ArrayList<>(count);
        Progress bar = new Progress(progress, "preparing inputs", count);
        for (int i = 0; i < count; i++) {
            RgbImage photo = photos.get(i % photos.size());
            out.add(pre.tensor(i < photos.size() ? photo : Augmentation.calibrationVariant(photo, seed, i)));
            bar.step();
        }
        bar.done();
        return out;
    }

    private static String extension(Path p) {
        String f = p.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot < 0 ? "" : f.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
