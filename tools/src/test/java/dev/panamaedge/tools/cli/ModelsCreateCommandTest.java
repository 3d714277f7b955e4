package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.ModelMetadata;
import dev.panamaedge.models.ir.ModelMetadataFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ModelsCreateCommandTest {

    @Test
    void writesIrAndMetadataIntoTheDirectory(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("labels.txt");
        Files.write(labels, IntStream.range(0, 10).mapToObj(i -> "thing " + i).toList());
        Path out = dir.resolve("m");
        Cli r = Cli.run("models", "create", "mobilenet_v2", "--width", "0.35", "--resolution", "32", "--classes", "10",
                "--labels", labels.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(out.resolve("model.xml").toString(), r.out().lines().findFirst().orElseThrow());
        assertTrue(Files.size(out.resolve("model.bin")) > 0);
        ModelMetadata m = ModelMetadataFile.read(out.resolve("metadata.json"));
        assertEquals(10, m.labels().size());
        assertEquals("thing 3", m.labels().get(3));
        assertEquals(ModelMetadata.LOGITS, m.outputKind());
        assertEquals(32, m.preprocessing().width());
        try (var files = Files.list(out)) {
            assertEquals(List.of("metadata.json", "model.bin", "model.xml"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void refusesToOverwriteWithoutForce(@TempDir Path dir) {
        String[] args = {"models", "create", "mobilenet_v2", "--width", "0.35", "--resolution", "32", "--classes", "4",
            "--out", dir.toString()};
        assertEquals(0, Cli.run(args).exitCode());
        Cli again = Cli.run(args);
        assertEquals(2, again.exitCode());
        assertEquals("edge models create: error: " + dir.resolve("model.xml") + ": use --force to replace it",
                again.err().strip().lines().reduce((a, b) -> b).orElseThrow());
        String[] forced = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--force"))
                .toArray(String[]::new);
        assertEquals(0, Cli.run(forced).exitCode());
    }

    @Test
    void unknownArchitectureAndBadWidthAreUsageErrors(@TempDir Path dir) {
        Cli arch = Cli.run("models", "create", "resnet50", "--out", dir.toString());
        assertEquals(2, arch.exitCode());
        assertTrue(arch.err().contains("unknown architecture 'resnet50'; supported: mobilenet_v2"), arch.err());
        Cli width = Cli.run("models", "create", "mobilenet_v2", "--width", "0.6", "--out", dir.toString());
        assertEquals(2, width.exitCode());
        assertTrue(width.err().contains("0.6"), width.err());
    }

    @Test
    void labelCountMustMatchClasses(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("labels.txt");
        Files.write(labels, List.of("a", "b"));
        Cli r = Cli.run("models", "create", "mobilenet_v2", "--width", "0.35", "--resolution", "32", "--classes", "3",
                "--labels", labels.toString(), "--out", dir.resolve("m").toString());
        assertEquals(2, r.exitCode());
        assertEquals("edge models create: error: " + labels + " has 2 labels, the model 3 classes",
                r.err().strip().lines().reduce((a, b) -> b).orElseThrow());
    }
}
