package dev.panamaedge.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assertions;

/**
 * What each photo in {@code ../shared/images} shows, as the ImageNet classes that name it: the first name of a
 * line of {@link CoralModel#LABELS}. Chosen by looking at the photos, not from any model's output. Where ImageNet
 * has no class for the subject the nearest one stands in, and where a photo shows more than one thing, or a
 * subject ImageNet splits into look-alike classes, every fitting class counts:
 * <ul>
 *   <li>{@code cat.bmp}, {@code cat_720p.jpg}: a striped domestic cat, so tabby, tiger cat or Egyptian cat;
 *   <li>{@code missvickie_potato_chips.bmp}: a bag of crisps; ImageNet has no crisps, "packet" is the bag;
 *   <li>{@code owl.jpg}: a burrowing owl; "great grey owl" is ImageNet's only owl;
 *   <li>{@code pets.jpg}: two dogs, a Boston terrier and a grey sighthound (Italian greyhound or whippet);
 *   <li>{@code sunflower.bmp}: ImageNet has no sunflower; "daisy" is its one composite flower.
 * </ul>
 */
public final class PhotoClasses {
    private static final Map<String, Set<String>> CLASSES = Map.ofEntries(
            Map.entry("bird.bmp", Set.of("chickadee")),
            Map.entry("cat.bmp", Set.of("tabby", "tiger cat", "Egyptian cat")),
            Map.entry("cat_720p.jpg", Set.of("tabby", "tiger cat", "Egyptian cat")),
            Map.entry("dragonfly.bmp", Set.of("dragonfly")),
            Map.entry("grace_hopper.bmp", Set.of("military uniform")),
            Map.entry("hot_dog.jpg", Set.of("hotdog")),
            Map.entry("missvickie_potato_chips.bmp", Set.of("packet")),
            Map.entry("owl.jpg", Set.of("great grey owl")),
            Map.entry("parrot.jpg", Set.of("macaw")),
            Map.entry("pets.jpg", Set.of("Boston bull", "Italian greyhound", "whippet")),
            Map.entry("sunflower.bmp", Set.of("daisy")));

    private PhotoClasses() {
    }

    /**
     * The classes a correct answer for one photo may name; a photo without an entry fails the calling test.
     *
     * @param photo a file name in {@code ../shared/images}, such as {@code owl.jpg}
     * @return first names of ImageNet label lines, at least one
     */
    public static Set<String> of(String photo) {
        Set<String> c = CLASSES.get(photo);
        if (c == null) {
            Assertions.fail("no ImageNet class recorded for photo " + photo + " (PhotoClasses)");
        }
        return c;
    }

    /**
     * Whether a label line names one of the photo's classes.
     *
     * @param photo a file name in {@code ../shared/images}
     * @param labelLine a whole line of {@link CoralModel#LABELS}, such as {@code "tabby, tabby cat"}
     * @return whether the line's first name is one of {@link #of(String) of(photo)}
     */
    public static boolean shows(String photo, String labelLine) {
        return of(photo).contains(List.of(labelLine.split(",")).getFirst().strip());
    }
}
