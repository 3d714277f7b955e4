package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code edge bench --batch 1,3}: batch-1 rows as before plus native and benchmark_app at batch 3, one run. */
final class BatchedBenchTest {

    @Test
    void batchSizesGiveRowsPerEngineAndRatiosInOneRun() throws Exception {
        Cli r = Cli.run("bench", "--model", SmallModel.directory().toString(), "--engine", "native,benchmark_app",
                "--batch", "1,3", "--seconds", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        List<String> engines = new ArrayList<>();
        report.get("results").forEach(n -> engines.add(n.get("engine").asText()));
        assertEquals(List.of("native", "benchmark_app", "native@b3", "benchmark_app@b3"), engines);
        for (JsonNode row : report.get("results")) {
            assertTrue(row.get("imagesPerSecond").asDouble() > 0, row.toString());
        }
        JsonNode nat3 = report.get("results").get(2);
        // Images, not inferences: three per completed iteration.
        assertEquals(3 * nat3.get("iterations").asDouble() / nat3.get("seconds").asDouble(),
                nat3.get("imagesPerSecond").asDouble(), 1e-6 * nat3.get("imagesPerSecond").asDouble());
        JsonNode ratios = report.get("ratios");
        assertTrue(ratios.has("native@b3OverBenchmarkApp@b3Throughput"), ratios.toString());
        assertTrue(ratios.has("native@b3OverB1Throughput"), ratios.toString());
        assertTrue(ratios.has("benchmark_app@b3OverB1Throughput"), ratios.toString());
        assertTrue(r.err().contains("benchmark_app -b 3"), r.err());
    }

    @Test
    void benchmarkAppGetsDashBOnlyAboveOne() {
        Path exe = Path.of("/venv/bin/benchmark_app");
        Path xml = Path.of("/m/model.xml");
        List<String> one = BenchmarkApp.command(exe, xml, "CPU", "latency", Optional.empty(), 5, Path.of("/r"), 1);
        List<String> four = BenchmarkApp.command(exe, xml, "CPU", "latency", Optional.empty(), 5, Path.of("/r"), 4);
        assertEquals(BenchmarkApp.command(exe, xml, "CPU", "latency", Optional.empty(), 5, Path.of("/r")), one);
        assertTrue(!one.contains("-b"), one.toString());
        assertEquals("4", four.get(four.indexOf("-b") + 1), four.toString());
    }

    @Test
    void batchZeroIsAUsageError() throws Exception {
        Cli r = Cli.run("bench", "--model", SmallModel.directory().toString(), "--batch", "0");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--batch sizes must be >= 1"), r.err());
    }
}
