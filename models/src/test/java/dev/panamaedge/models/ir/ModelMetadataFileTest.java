package dev.panamaedge.models.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataFileTest {
    @TempDir
    Path dir;

    static ModelMetadata coral() {
        return new ModelMetadata("coral_mobilenet_v2", Preprocessing.tfliteUint8(224), List.of("tench", "goldfish"), 1,
                ModelMetadata.PROBABILITIES, new Provenance("../shared/models/coral/mobilenet_v2_1.0_224_quant.tflite",
                "ovc 2026.4.1", "2026-11-28T23:24:00Z", "ab".repeat(32), Map.of("quantization", "uint8")));
    }

    private String validJson() {
        return ModelMetadataFile.toJson(coral());
    }

    private InvalidModelException rejects(String json) throws IOException {
        Path file = dir.resolve(ModelMetadataFile.FILE_NAME);
        Files.writeString(file, json);
        var e = assertThrows(InvalidModelException.class, () -> ModelMetadataFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e;
    }

    @Test
    void metadataSurvivesWriteAndRead() throws IOException {
        Path file = ModelMetadataFile.sidecarOf(dir.resolve("model.xml"));
        assertEquals(dir.resolve("metadata.json"), file);
        ModelMetadataFile.write(coral(), file);
        assertEquals(coral(), ModelMetadataFile.read(file));
        assertEquals(Optional.of("goldfish"), coral().label(2));
        assertEquals(Optional.empty(), coral().label(0));
    }

    @Test
    void jsonCarriesSchemaVersionAndIrElementTypeNames() {
        String json = validJson();
        assertTrue(json.contains("\"schemaVersion\" : 1"), json);
        assertTrue(json.contains("\"elementType\" : \"u8\""), json);
        assertTrue(json.contains("\"labelOffset\" : 1"), json);
    }

    @Test
    void unknownTopLevelFieldIsRejected() throws IOException {
        var e = rejects(validJson().replace("\"name\" :", "\"colour\" : 1, \"name\" :"));
        assertTrue(e.getMessage().endsWith(": unknown field 'colour'"), e.getMessage());
    }

    @Test
    void unknownNestedFieldNamesItsPath() throws IOException {
        var e = rejects(validJson().replace("\"source\" :", "\"licence\" : \"MIT\", \"source\" :"));
        assertTrue(e.getMessage().endsWith(": unknown field 'provenance.licence'"), e.getMessage());
    }

    @Test
    void missingFieldIsRejected() throws IOException {
        var e = rejects(validJson().replace("\"outputKind\" : \"probabilities\",", ""));
        assertTrue(e.getMessage().contains("field 'outputKind'"), e.getMessage());
    }

    @Test
    void invalidValueNamesTheField() throws IOException {
        var e = rejects(validJson().replace("\"createdAt\" : \"2026-11-28T23:24:00Z\"", "\"createdAt\" : \"yesterday\""));
        assertTrue(e.getMessage().contains("field 'provenance'") && e.getMessage().contains("createdAt 'yesterday'"),
                e.getMessage());
    }

    @Test
    void unknownElementTypeNamesTheField() throws IOException {
        var e = rejects(validJson().replace("\"elementType\" : \"u8\"", "\"elementType\" : \"q7\""));
        assertTrue(e.getMessage().contains("field 'preprocessing.elementType'")
                && e.getMessage().contains("unknown element type 'q7'"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheField() throws IOException {
        var e = rejects(validJson().replace("\"labelOffset\" : 1", "\"labelOffset\" : \"one\""));
        assertTrue(e.getMessage().contains("field 'labelOffset'"), e.getMessage());
    }

    @Test
    void futureSchemaVersionIsRejected() throws IOException {
        var e = rejects(validJson().replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"));
        assertTrue(e.getMessage().contains("schemaVersion 2 is not supported (expected 1)"), e.getMessage());
    }

    @Test
    void truncatedJsonIsRejected() throws IOException {
        String json = validJson();
        var e = rejects(json.substring(0, json.length() / 2));
        assertTrue(e.getMessage().contains("malformed JSON") || e.getMessage().contains("field"), e.getMessage());
    }

    @Test
    void invalidOutputKindIsRejectedAtConstruction() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("m",
                Preprocessing.imagenetTorchvision(224), List.of(), 0, "scores", coral().provenance()));
        assertEquals("outputKind must be 'logits' or 'probabilities', got 'scores'", e.getMessage());
    }

    @Test
    void outputQuantizationSurvivesWriteAndRead() throws IOException {
        ModelMetadata m = coral().withOutputQuantization(Optional.of(new OutputQuantization(1.0 / 256, 0)));
        Path file = dir.resolve(ModelMetadataFile.FILE_NAME);
        ModelMetadataFile.write(m, file);
        String json = Files.readString(file);
        assertTrue(json.contains("\"outputQuantization\" : {"), json);
        assertTrue(json.contains("\"scale\" : 0.00390625") && json.contains("\"zeroPoint\" : 0"), json);
        assertEquals(m, ModelMetadataFile.read(file));
    }

    @Test
    void fileWithoutOutputQuantizationStillLoads() throws IOException {
        // validJson() is exactly what sidecars looked like before the field existed.
        String json = validJson();
        assertTrue(!json.contains("outputQuantization"), json);
        Path file = dir.resolve(ModelMetadataFile.FILE_NAME);
        Files.writeString(file, json);
        assertEquals(Optional.empty(), ModelMetadataFile.read(file).outputQuantization());
        Files.writeString(file, json.replace("\"name\" :", "\"outputQuantization\" : null, \"name\" :"));
        assertEquals(Optional.empty(), ModelMetadataFile.read(file).outputQuantization());
    }

    @Test
    void badOutputQuantizationNamesTheField() throws IOException {
        String json = validJson().replace("\"name\" :", "\"outputQuantization\" : {\"scale\" : 0, \"zeroPoint\" : 0}, \"name\" :");
        var e = rejects(json);
        assertTrue(e.getMessage().contains("outputQuantization.scale must be positive"), e.getMessage());
        var unknown = rejects(validJson().replace("\"name\" :",
                "\"outputQuantization\" : {\"scale\" : 1, \"zeroPoint\" : 0, \"bits\" : 8}, \"name\" :"));
        assertTrue(unknown.getMessage().endsWith(": unknown field 'outputQuantization.bits'"), unknown.getMessage());
        var missing = rejects(validJson().replace("\"name\" :", "\"outputQuantization\" : {\"scale\" : 1}, \"name\" :"));
        assertTrue(missing.getMessage().contains("zeroPoint"), missing.getMessage());
    }

    @Test
    void seededProvenanceMeansUntrained() {
        assertTrue(!coral().untrained());
        ModelMetadata seeded = new ModelMetadata("m", Preprocessing.imagenetTorchvision(224), List.of(), 0,
                ModelMetadata.LOGITS, new Provenance(ModelMetadata.SEEDED, "gen", "2026-11-28T23:24:00Z", "", Map.of()));
        assertTrue(seeded.untrained());
    }
}
