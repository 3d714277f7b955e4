package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ClassifyCommandTest {

    @Test
    void bothEnginesRankTheSameTopClassForAPhoto() throws Exception {
        String model = SmallModel.directory().toString();
        String cat = SharedPhotos.directory().resolve("cat.bmp").toString();
        Cli nat = Cli.run("classify", "--model", model, "--engine", "native", "--top", "3", "--json", cat);
        Cli ref = Cli.run("classify", "--model", model, "--engine", "reference", "--top", "3", "--json", cat);
        assertEquals(0, nat.exitCode(), nat.err());
        assertEquals(0, ref.exitCode(), ref.err());
        JsonNode n = CliJson.MAPPER.readTree(nat.out()).get("results").get(0).get("predictions");
        JsonNode r = CliJson.MAPPER.readTree(ref.out()).get("results").get(0).get("predictions");
        assertEquals(3, n.size());
        assertEquals(r.get(0).get("index").asInt(), n.get(0).get("index").asInt());
        assertEquals("class_" + n.get(0).get("index").asInt(), n.get(0).get("label").asText());
        assertEquals(r.get(0).get("probability").asDouble(), n.get(0).get("probability").asDouble(), 1e-4);
        double p0 = n.get(0).get("probability").asDouble();
        double p1 = n.get(1).get("probability").asDouble();
        assertTrue(p0 >= p1 && p1 > 0 && p0 < 1, nat.out());
    }

    @Test
    void textOutputListsTopKPerImage() throws Exception {
        Path images = SharedPhotos.directory();
        Cli r = Cli.run("classify", "--model", SmallModel.directory().toString(), "--top", "2",
                images.resolve("owl.jpg").toString(), images.resolve("sunflower.bmp").toString());
        assertEquals(0, r.exitCode(), r.err());
        var lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertEquals(images.resolve("owl.jpg").toString(), lines.get(0));
        assertTrue(lines.get(1).startsWith("  1. "), lines.get(1));
        assertTrue(lines.get(2).startsWith("  2. "), lines.get(2));
    }

    @Test
    void corruptImageIsNamedAndExits2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.jpg");
        Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x01});
        Cli r = Cli.run("classify", "--model", SmallModel.directory().toString(), bad.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("edge classify: error: " + bad + ": "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void pretrainedCoralModelRecognisesTheCatOnBothEngines(@TempDir Path dir) throws Exception {
        Path coral = CoralModel.directory();
        Cli imported = Cli.run("models", "import", coral.resolve("mobilenet_v2_1.0_224_quant.tflite").toString(),
                "--labels", coral.resolve("imagenet_labels.txt").toString(), "--out", dir.resolve("coral").toString());
        assertEquals(0, imported.exitCode(), imported.err());
        String cat = SharedPhotos.directory().resolve("cat.bmp").toString();
        for (String engine : new String[] {"native", "reference"}) {
            Cli r = Cli.run("classify", "--model", dir.resolve("coral").toString(), "--engine", engine, "--top", "2",
                    "--json", cat);
            assertEquals(0, r.exitCode(), r.err());
            JsonNode report = CliJson.MAPPER.readTree(r.out());
            // The quantized softmax output (u8 codes) is dequantized with its scale into probabilities.
            assertEquals("probabilities", report.get("scores").asText());
            JsonNode top = report.get("results").get(0).get("predictions").get(0);
            assertEquals("Egyptian cat", top.get("label").asText(), engine + ": " + r.out());
            // The class index (output 286 minus the background), as ImageNet numbers it.
            assertEquals(285, top.get("index").asInt());
            double p = top.get("probability").asDouble();
            assertTrue(p > 0.5 && p <= 1.0, engine + ": " + p);
            double sum = 0;
            for (JsonNode pr : report.get("results").get(0).get("predictions")) {
                sum += pr.get("probability").asDouble();
            }
            assertTrue(sum <= 1.0, engine + ": " + r.out());
            assertTrue(!r.err().contains("renormalised"), r.err());
        }
    }

    @Test
    void coralWithoutLabelsReportsTheSameProbabilitiesAndClassIndexAsWithLabels(@TempDir Path dir) throws Exception {
        Path coral = CoralModel.directory();
        String tflite = coral.resolve(CoralModel.MOBILENET_V2_QUANT).toString();
        assertEquals(0, Cli.run("models", "import", tflite, "--labels", coral.resolve(CoralModel.LABELS).toString(),
                "--out", dir.resolve("labelled").toString()).exitCode());
        assertEquals(0, Cli.run("models", "import", tflite, "--out", dir.resolve("bare").toString()).exitCode());
        String hotDog = SharedPhotos.directory().resolve("hot_dog.jpg").toString();
        Cli labelled = Cli.run("classify", "--model", dir.resolve("labelled").toString(), "--top", "5", "--json", hotDog);
        Cli bare = Cli.run("classify", "--model", dir.resolve("bare").toString(), "--top", "5", "--json", hotDog);
        assertEquals(0, labelled.exitCode(), labelled.err());
        assertEquals(0, bare.exitCode(), bare.err());
        JsonNode l = CliJson.MAPPER.readTree(labelled.out()).get("results").get(0).get("predictions");
        JsonNode b = CliJson.MAPPER.readTree(bare.out()).get("results").get(0).get("predictions");
        assertTrue(l.get(0).get("label").asText().startsWith("hotdog"), labelled.out());
        assertEquals(934, l.get(0).get("index").asInt());
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            int index = l.get(i).get("index").asInt();
            assertEquals(index, b.get(i).get("index").asInt());
            assertEquals("class_" + index, b.get(i).get("label").asText());
            double p = l.get(i).get("probability").asDouble();
            assertEquals(p, b.get(i).get("probability").asDouble(), 0.0);
            assertTrue(p >= 0 && p <= 1, labelled.out());
            sum += p;
        }
        assertTrue(sum <= 1.0, labelled.out());
        // The text form prints percentages of those probabilities, never above 100 %.
        Cli text = Cli.run("classify", "--model", dir.resolve("bare").toString(), hotDog);
        assertTrue(text.out().lines().skip(1).allMatch(line -> line.matches("  \\d\\. +\\d{1,3}\\.\\d\\d %  class_\\d+ \\(\\d+\\)")),
                text.out());
    }

    @Test
    void importRecordsTheCoralOutputQuantization(@TempDir Path dir) throws Exception {
        Cli imported = Cli.run("models", "import", CoralModel.mobilenetV2Quant().toString(), "--out",
                dir.resolve("coral").toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("(codes: scale 0.00390625, zero point 0)"), imported.out());
        var m = dev.panamaedge.models.ir.ModelMetadataFile.read(dir.resolve("coral/metadata.json"));
        assertEquals(java.util.Optional.of(new dev.panamaedge.models.ir.OutputQuantization(1.0 / 256, 0)),
                m.outputQuantization());
    }

    @Test
    void zeroTopIsAUsageError() {
        Cli r = Cli.run("classify", "--top", "0", "x.jpg");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--top must be at least 1, got 0"), r.err());
    }
}
