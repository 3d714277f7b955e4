package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One short {@code edge bench} run over all three engines: checks the report's shape, never the speed. */
final class BenchCommandTest {

    @Test
    void reportsEveryEngineAndTheirRatios() throws Exception {
        Cli r = Cli.run("bench", "--model", SmallModel.directory().toString(), "--seconds", "1", "--warmup", "0",
                "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        assertEquals("latency", report.get("hint").asText());
        List<String> engines = new ArrayList<>();
        for (JsonNode result : report.get("results")) {
            engines.add(result.get("engine").asText());
            assertTrue(result.get("iterations").asLong() > 0, result.toString());
            assertTrue(result.get("imagesPerSecond").asDouble() > 0, result.toString());
            assertTrue(result.get("latencyMillis").get("p50").asDouble() > 0, result.toString());
        }
        assertEquals(List.of("native", "reference", "benchmark_app"), engines);
        JsonNode nat = report.get("results").get(0);
        assertEquals(1, nat.get("threads").asInt());
        assertTrue(nat.get("latencyMillis").get("p99").asDouble() >= nat.get("latencyMillis").get("p50").asDouble());
        JsonNode ratios = report.get("ratios");
        assertEquals(nat.get("imagesPerSecond").asDouble() / report.get("results").get(2).get("imagesPerSecond").asDouble(),
                ratios.get("nativeOverBenchmarkAppThroughput").asDouble(), 1e-9);
        assertTrue(ratios.has("referenceOverNativeLatencyP50"), ratios.toString());
    }

    @Test
    void throughputHintUsesTheEnginesConcurrency() throws Exception {
        Cli r = Cli.run("bench", "--model", SmallModel.directory().toString(), "--engine", "native", "--hint",
                "throughput", "--seconds", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode nat = CliJson.MAPPER.readTree(r.out()).get("results").get(0);
        assertTrue(nat.get("threads").asInt() >= 1, nat.toString());
        assertEquals(0, CliJson.MAPPER.readTree(r.out()).get("ratios").size());
    }

    @Test
    void severalModelsGetOneRowPerModelAndEngineAndRatiosBetweenThem() throws Exception {
        String small = SmallModel.directory().toString();
        Cli r = Cli.run("bench", "--model", small + "," + small, "--model", small, "--engine", "native,reference",
                "--inference-precision", "f32", "--seconds", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        List<String> rows = new ArrayList<>();
        for (JsonNode result : report.get("results")) {
            rows.add(result.get("model").asText() + "|" + result.get("engine").asText() + "|"
                    + result.get("inferencePrecision").asText());
        }
        String name = report.get("results").get(0).get("model").asText();
        assertEquals(List.of(name + "|native|f32", name + "|reference|f32", name + "#2|native|f32",
                name + "#2|reference|f32", name + "#3|native|f32", name + "#3|reference|f32"), rows);
        assertEquals(name + "," + name + "#2," + name + "#3", report.get("model").asText());
        JsonNode ratios = report.get("ratios");
        double first = report.get("results").get(0).get("imagesPerSecond").asDouble();
        double third = report.get("results").get(4).get("imagesPerSecond").asDouble();
        assertEquals(third / first, ratios.get("native throughput " + name + "#3/" + name).asDouble(), 1e-9);
        assertTrue(ratios.has("reference latencyP50 " + name + "#3/" + name + "#2"), ratios.toString());
        assertTrue(ratios.has(name + "#2 referenceOverNativeLatencyP50"), ratios.toString());
    }

    @Test
    void nativeInputMemoryGetsItsOwnRowsAndRatios() throws Exception {
        Cli r = Cli.run("bench", "--model", SmallModel.directory().toString(), "--engine", "native,benchmark_app",
                "--input-memory", "heap,native,heap", "--seconds", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        List<String> engines = new ArrayList<>();
        for (JsonNode result : report.get("results")) {
            engines.add(result.get("engine").asText());
            assertTrue(result.get("iterations").asLong() > 0, result.toString());
        }
        assertEquals(List.of("native", "native/offheap", "native#2", "benchmark_app"), engines);
        assertTrue(report.get("results").get(1).get("note").asText().endsWith(", native input memory"),
                report.get("results").get(1).toString());
        JsonNode ratios = report.get("ratios");
        double heap = report.get("results").get(0).get("imagesPerSecond").asDouble();
        double offheap = report.get("results").get(1).get("imagesPerSecond").asDouble();
        double app = report.get("results").get(3).get("imagesPerSecond").asDouble();
        assertEquals(offheap / heap, ratios.get("nativeOffheapOverHeapThroughput").asDouble(), 1e-9);
        assertEquals(offheap / app, ratios.get("nativeOffheapOverBenchmarkAppThroughput").asDouble(), 1e-9);
        assertTrue(ratios.has("nativeOffheapOverHeapLatencyP50"), ratios.toString());
    }

    @Test
    void unknownInputMemoryIsAUsageError() throws Exception {
        Cli r = Cli.run("bench", "--model", SmallModel.directory().toString(), "--input-memory", "gpu");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--input-memory: unknown kind 'gpu'; expected some of [heap, native]"), r.err());
    }

    @Test
    void repeatedNamesAreNumbered() {
        assertEquals(List.of("a", "b", "a#2", "a#3"), BenchRatios.distinctNames(List.of("a", "b", "a", "a")));
    }
}
