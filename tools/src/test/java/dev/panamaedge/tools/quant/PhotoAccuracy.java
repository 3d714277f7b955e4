package dev.panamaedge.tools.quant;

import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.PhotoClasses;
import dev.panamaedge.testsupport.SharedPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy against what the photos show ({@link PhotoClasses}), for the coral model's 1001 outputs (line
 * {@code i} of the labels file names output {@code i}). Input {@code i} of {@link CoralModels#evaluation()} is
 * photo {@code i % photos} or a crop or flip of it, and a crop keeps its photo's class.
 *
 * @param samples inputs scored
 * @param top1    inputs whose best class is one of its photo's classes
 * @param top5    inputs with one of its photo's classes among the five best
 */
record PhotoAccuracy(int samples, int top1, int top5) {
    static PhotoAccuracy of(Ranking[] rankings) throws IOException {
        List<Path> photos = CalibrationImages.list(SharedPhotos.directory());
        List<String> labels = Files.readAllLines(CoralModel.labels());
        int top1 = 0;
        int top5 = 0;
        for (int i = 0; i < rankings.length; i++) {
            String photo = photos.get(i % photos.size()).getFileName().toString();
            int[] top = rankings[i].top();
            if (PhotoClasses.shows(photo, labels.get(top[0]))) {
                top1++;
            }
            for (int j = 0; j < Math.min(5, top.length); j++) {
                if (PhotoClasses.shows(photo, labels.get(top[j]))) {
                    top5++;
                    break;
                }
            }
        }
        return new PhotoAccuracy(rankings.length, top1, top5);
    }

    double top1Rate() {
        return top1 / (double) samples;
    }

    double top5Rate() {
        return top5 / (double) samples;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "top-1 accuracy %d/%d (%.1f %%), top-5 %d/%d (%.1f %%)", top1, samples,
                100 * top1Rate(), top5, samples, 100 * top5Rate());
    }
}
