package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.testsupport.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge bench} with its peers: ONNX Runtime in the same run as OpenVINO, OpenVINO at several inference
 * precisions, and the accuracy of each row beside its speed. Checks the report's rows and ratios, never the speed.
 */
final class BenchPeersTest {

    @Test
    void onnxRuntimeRunsInTheSameRunAndGetsItsRatio() throws Exception {
        Cli r = Cli.run("bench", "--model", SmallModel.directory().toString(), "--engine", "native,onnxruntime",
                "--seconds", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        assertEquals(List.of("native", "onnxruntime"), engines(report));
        JsonNode ort = report.get("results").get(1);
        assertEquals("f32", ort.get("inferencePrecision").asText());
        assertTrue(ort.get("iterations").asLong() > 0, ort.toString());
        assertTrue(ort.get("note").asText().endsWith("intra-op " + Runtime.getRuntime().availableProcessors()
                + ", inter-op 1, optimisation all, sequential"), ort.toString());
        assertTrue(report.get("onnxRuntime").asText().contains("optimisation all"), report.toString());
        double nat = report.get("results").get(0).get("imagesPerSecond").asDouble();
        assertEquals(nat / ort.get("imagesPerSecond").asDouble(),
                report.get("ratios").get("nativeOverOnnxRuntimeThroughput").asDouble(), 1e-9);
    }

    @Test
    void severalPrecisionsGetARowEachWithAccuracyBesideTheSpeed() throws Exception {
        Path photos = SharedPhotos.directory();
        Cli r = Cli.run("bench", "--model", SmallModel.directory().toString(), "--engine", "native,reference",
                "--inference-precision", "f32,default", "--accuracy", photos.toString(), "--augment", "2",
                "--seconds", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        assertEquals(List.of("native@f32", "native@default", "reference"), engines(report));
        assertEquals("f32", report.get("results").get(0).get("inferencePrecision").asText());
        assertTrue(report.get("accuracy").asText().contains("2 crops/flips"), report.toString());
        for (JsonNode row : report.get("results")) {
            double top1 = row.get("top1Agreement").asDouble();
            assertTrue(top1 >= 0 && top1 <= 1 && row.get("top5Overlap").asDouble() >= top1, row.toString());
        }
        // FP32 at f32 on OpenVINO and the reference itself: the FP32 tolerance, every top-1 the baseline's.
        assertEquals(1.0, report.get("results").get(0).get("top1Agreement").asDouble(), 1e-12);
        assertEquals(1.0, report.get("results").get(2).get("top1Agreement").asDouble(), 1e-12);
        String name = report.get("results").get(0).get("model").asText();
        double f32 = report.get("results").get(0).get("imagesPerSecond").asDouble();
        double def = report.get("results").get(1).get("imagesPerSecond").asDouble();
        assertEquals(def / f32, report.get("ratios").get(name + " native@default over @f32 throughput").asDouble(), 1e-9);
        double ref = report.get("results").get(2).get("imagesPerSecond").asDouble();
        assertEquals(f32 / ref, report.get("ratios").get("nativeOverReferenceThroughput@f32").asDouble(), 1e-9);
        assertEquals(def / ref, report.get("ratios").get("nativeOverReferenceThroughput@default").asDouble(), 1e-9);
    }

    @Test
    void exportedOnnxAndOnnxRuntimesInt8AreBenchedBesideTheIr(@TempDir Path tmp) throws Exception {
        Path onnx = tmp.resolve("onnx");
        Path int8 = tmp.resolve("ort_int8");
        Cli e = Cli.run("models", "export-onnx", "--model", SmallModel.directory().toString(), "--out", onnx.toString(),
                "--int8-out", int8.toString(), "--calibration", SharedPhotos.directory().toString(), "--samples", "12");
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(Files.isRegularFile(onnx.resolve("model.onnx")) && Files.isRegularFile(onnx.resolve("metadata.json")));
        assertTrue(e.out().contains("\"samples\": 12") && e.out().contains("\"format\": \"QDQ\""), e.out());
        String ir = SmallModel.directory().toString();
        Cli r = Cli.run("bench", "--model", ir + "," + int8.resolve("model.onnx"), "--engine",
                "native,onnxruntime,benchmark_app", "--seconds", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        List<String> rows = new ArrayList<>();
        for (JsonNode row : report.get("results")) {
            rows.add(row.get("engine").asText() + "|" + row.get("inferencePrecision").asText());
        }
        assertEquals("onnxruntime|int8 qdq", rows.get(4), rows.toString());
        assertEquals(List.of("native", "onnxruntime", "benchmark_app", "native", "onnxruntime"),
                rows.stream().map(s -> s.substring(0, s.indexOf('|'))).toList());
        assertTrue(report.get("skipped").get(0).asText().startsWith("benchmark_app on "), report.toString());
        String irName = report.get("results").get(0).get("model").asText();
        String int8Name = report.get("results").get(4).get("model").asText();
        assertTrue(report.get("ratios").has("native " + irName + " over onnxruntime " + int8Name + " throughput"),
                report.get("ratios").toString());
    }

    @Test
    void exportOptionsAreCheckedAndAnOccupiedOutIsAUsageError(@TempDir Path tmp) throws Exception {
        Cli noPhotos = Cli.run("models", "export-onnx", "--model", SmallModel.directory().toString(), "--out",
                tmp.resolve("a").toString(), "--int8-out", tmp.resolve("b").toString());
        assertEquals(2, noPhotos.exitCode(), noPhotos.err());
        assertTrue(noPhotos.err().contains("--int8-out needs --calibration"), noPhotos.err());
        Files.writeString(tmp.resolve("taken"), "x");
        Cli taken = Cli.run("models", "export-onnx", "--model", SmallModel.directory().toString(), "--out",
                tmp.resolve("taken").toString());
        assertEquals(2, taken.exitCode(), taken.err());
        Cli augment = Cli.run("bench", "--model", SmallModel.directory().toString(), "--augment", "3");
        assertEquals(2, augment.exitCode(), augment.err());
        assertTrue(augment.err().contains("--baseline and --augment need --accuracy DIR"), augment.err());
    }

    @Test
    void precisionRatiosPairRowsOfOneModelAndEngineOnly() {
        var lat = LatencySummary.ofNanos(new long[] {1_000_000});
        List<BenchResult> rows = List.of(
                new BenchResult("native@f32", 1, 1, 1, 100, lat, "").labelled("a", "f32"),
                new BenchResult("native@default", 1, 1, 1, 200, lat, "").labelled("a", "bf16"),
                new BenchResult("native@f32", 1, 1, 1, 300, lat, "").labelled("b", "f32"),
                new BenchResult("onnxruntime", 1, 1, 1, 50, lat, "").labelled("a", "f32"));
        assertEquals(Map.of("a native@default over @f32 throughput", 2.0), BenchRatios.betweenPrecisions(rows));
        Map<String, Double> peers = BenchRatios.nativeOverOnnxRuntime(rows);
        assertEquals(6.0, peers.get("native@f32 b over onnxruntime a throughput"), 1e-12);
        assertEquals(3, peers.size(), peers.toString());
    }

    private static List<String> engines(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("results").forEach(r -> out.add(r.get("engine").asText()));
        return out;
    }
}
