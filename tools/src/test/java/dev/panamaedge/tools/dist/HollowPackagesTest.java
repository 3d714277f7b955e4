package dev.panamaedge.tools.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The patterns that empty JDK packages for jlink keep exactly one file of each, and touch nothing else. */
final class HollowPackagesTest {
    @Test
    void everyEmptiedPackageKeepsOneFileThatIsNotATranslation() throws Exception {
        List<Pattern> patterns = HollowPackages.excludePatterns().stream()
                .map(p -> Pattern.compile(p.substring("regex:".length()))).toList();
        assertTrue(patterns.size() > 50, "packages emptied: " + patterns.size());
        Path swing = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules/java.desktop/javax/swing");
        List<String> names;
        try (Stream<Path> files = Files.list(swing)) {
            names = files.filter(Files::isRegularFile).map(f -> "/java.desktop/javax/swing/" + f.getFileName()).toList();
        }
        List<String> kept = names.stream().filter(n -> patterns.stream().noneMatch(p -> p.matcher(n).matches())).toList();
        assertEquals(1, kept.size(), "javax.swing keeps " + kept);
        assertFalse(kept.getFirst().matches(".*" + HollowPackages.TRANSLATION), kept.toString());
        // Subpackages are patterns of their own; ImageIO and java.awt.image are matched by none.
        for (String untouched : List.of("/java.desktop/javax/swing/text/JTextComponent.class",
                "/java.desktop/javax/imageio/ImageIO.class", "/java.desktop/java/awt/image/BufferedImage.class",
                "/java.xml/javax/xml/stream/XMLInputFactory.class")) {
            long matching = patterns.stream().filter(p -> p.matcher(untouched).matches()).count();
            assertEquals(untouched.contains("swing/text") ? 1 : 0, matching, untouched);
        }
    }
}
