package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.testsupport.CoralModel;
import dev.panamaedge.testsupport.SharedPhotos;
import org.junit.jupiter.api.Test;

/** {@code edge validate} on the small MobileNetV2 (0.35 / 96) through both real engines. */
final class ValidateCommandTest {

    @Test
    void smallModelPassesOnRandomInputs() throws Exception {
        Cli r = Cli.run("validate", "--model", SmallModel.directory().toString(), "--inputs", "4", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        assertTrue(report.get("passed").asBoolean(), r.out());
        assertEquals(4, report.get("samples").asInt());
        assertEquals("logits", report.get("compared").asText());
        assertEquals("f32", report.get("inferencePrecision").asText());
        assertEquals(1.0, report.get("top1Agreement").asDouble());
        double allowed = report.get("tolerance").get("maxAbsDiff").asDouble();
        assertEquals(1e-3 * report.get("range").asDouble(), allowed, 1e-12);
        assertTrue(report.get("maxAbsDiff").asDouble() <= allowed, r.out());
        assertTrue(report.get("minCosine").asDouble() > 0.9999, r.out());
        assertEquals(0, report.get("top1Mismatches").size());
    }

    @Test
    void sharedPhotosAreComparedToo() throws Exception {
        Cli r = Cli.run("validate", "--model", SmallModel.directory().toString(), "--inputs", "0", "--images",
                SharedPhotos.directory().toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        assertEquals(11, report.get("samples").asInt());
        assertEquals(11, report.get("images").size());
        assertTrue(report.get("passed").asBoolean(), r.out());
    }

    @Test
    void batchOfFiveMatchesFiveSingleRunsOnBothEngines() throws Exception {
        Cli r = Cli.run("validate", "--model", SmallModel.directory().toString(), "--inputs", "3", "--batch", "5",
                "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode batch = CliJson.MAPPER.readTree(r.out()).get("batch");
        assertEquals(5, batch.get("size").asInt());
        assertEquals(0, batch.get("referenceDiffering").asLong(), r.out());
        assertTrue(batch.get("nativeMaxAbsDiff").asDouble() <= batch.get("nativeAllowed").asDouble(), r.out());
        assertTrue(batch.get("nativeAllowed").asDouble() > 0, r.out());
        assertTrue(batch.get("passed").asBoolean(), r.out());
    }

    @Test
    void withoutBatchTheReportHasNoBatchCheckAndBatchZeroIsAUsageError() throws Exception {
        Cli r = Cli.run("validate", "--model", SmallModel.directory().toString(), "--inputs", "1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(CliJson.MAPPER.readTree(r.out()).get("batch") == null, r.out());
        Cli bad = Cli.run("validate", "--model", SmallModel.directory().toString(), "--batch", "0");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--batch must be >= 1, got 0"), bad.err());
    }

    @Test
    void zeroToleranceFailsWithExitCode1() throws Exception {
        // Two engines never agree to the last bit on a real network, so a zero tolerance must fail.
        Cli r = Cli.run("validate", "--model", SmallModel.directory().toString(), "--inputs", "1",
                "--max-diff-ratio", "0");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().strip().endsWith("FAILED"), r.out());
    }

    @Test
    void textReportEndsWithPassed() throws Exception {
        Cli r = Cli.run("validate", "--model", SmallModel.directory().resolve("model.xml").toString(), "--inputs", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("top-1 agreement   100.00 % (2/2; required 100.00 %)"), r.out());
        assertTrue(r.out().strip().endsWith("PASSED"), r.out());
        assertTrue(r.err().contains("validate: 2/2 random#1"), r.err());
    }

    @Test
    void emptyImageDirectoryIsAUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) throws Exception {
        Cli r = Cli.run("validate", "--model", SmallModel.directory().toString(), "--images", empty.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("edge validate: error: no .jpg, .jpeg, .png or .bmp files in " + empty, r.err().strip());
    }

    @Test
    void nonIrModelIsAUsageErrorForTheReferenceEngine() {
        java.nio.file.Path tflite = CoralModel.mobilenetV2Quant();
        Cli r = Cli.run("validate", "--model", tflite.toString(), "--inputs", "1");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("edge validate: error: the reference engine reads OpenVINO IR (.xml) only, not " + tflite
                + "; convert it first: ./edge models import " + tflite + " --out DIR", r.err().strip());
    }

    @Test
    void nothingToCompareIsAUsageError() {
        Cli r = Cli.run("validate", "--inputs", "0");
        assertEquals(2, r.exitCode());
        assertFalse(r.err().isEmpty());
    }
}
