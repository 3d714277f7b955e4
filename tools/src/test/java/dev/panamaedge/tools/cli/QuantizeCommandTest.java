package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edge quantize} and {@code edge models import|dequantize|pull}: bad inputs give one clear line and exit 2. */
final class QuantizeCommandTest {
    @TempDir
    static Path tmp;
    static Path coral;
    static Path fp32;

    @BeforeAll
    static void importAndDequantize() {
        Path shared = CoralModel.directory();
        coral = tmp.resolve("coral");
        Cli imported = Cli.run("models", "import", shared.resolve("mobilenet_v2_1.0_224_quant.tflite").toString(),
                "--out", coral.toString(), "--labels", shared.resolve("imagenet_labels.txt").toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("output probabilities (codes: scale 0.00390625, zero point 0), 1000 labels,"
                + " label offset 1"), imported.out());
        fp32 = tmp.resolve("fp32");
        Cli deq = Cli.run("models", "dequantize", "--model", coral.toString(), "--out", fp32.toString());
        assertEquals(0, deq.exitCode(), deq.err());
        assertTrue(deq.out().contains("207 constant layers folded, 36 FakeQuantize -> Clamp"), deq.out());
    }

    @Test
    void emptyCalibrationFolderIsAUsageError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Cli r = Cli.run("quantize", "--model", fp32.toString(), "--calibration", empty.toString(), "--out",
                tmp.resolve("q1").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("holds no images"), r.err());
        assertTrue(Files.notExists(tmp.resolve("q1")));
    }

    @Test
    void alreadyQuantizedModelIsRefusedWithAHint() {
        Cli r = Cli.run("quantize", "--model", coral.toString(), "--calibration", SharedPhotos.directory().toString(),
                "--samples", "1", "--out", tmp.resolve("q2").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("run `edge models dequantize` first"), r.err());
    }

    @Test
    void truncatedWeightsAreAUsageError() throws Exception {
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        for (String f : new String[] {"model.xml", "metadata.json"}) {
            Files.copy(fp32.resolve(f), broken.resolve(f));
        }
        byte[] bin = Files.readAllBytes(fp32.resolve("model.bin"));
        Files.write(broken.resolve("model.bin"), java.util.Arrays.copyOf(bin, bin.length / 2));
        Cli r = Cli.run("quantize", "--model", broken.toString(), "--calibration", SharedPhotos.directory().toString(),
                "--samples", "1", "--out", tmp.resolve("q3").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("weights"), r.err());
    }

    @Test
    void unknownPresetRangeAndModelNameAreUsageErrors() {
        Cli preset = Cli.run("quantize", "--model", fp32.toString(), "--calibration", "x", "--out", "y", "--preset", "fast");
        assertEquals(2, preset.exitCode());
        assertTrue(preset.err().contains("--preset 'fast' is not one of [performance, mixed]"), preset.err());
        Cli range = Cli.run("quantize", "--model", fp32.toString(), "--calibration", "x", "--out", "y", "--range", "kl");
        assertEquals(2, range.exitCode());
        Cli pull = Cli.run("models", "pull", "resnet50");
        assertEquals(2, pull.exitCode());
        assertTrue(pull.err().contains("unknown model 'resnet50'"), pull.err());
    }

    @Test
    void occupiedOutputDirectoryIsAUsageError() {
        Cli r = Cli.run("models", "dequantize", "--model", coral.toString(), "--out", fp32.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("exists and is not empty"), r.err());
    }
}
