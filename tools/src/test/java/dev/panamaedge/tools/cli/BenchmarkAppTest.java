package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class BenchmarkAppTest {
    /** A report as benchmark_app 2026.4.1 writes it with -report_type no_counters -json_stats. */
    private static final String REPORT = """
            {"cmd_options": {"-m": "model.xml", "-d": "CPU", "-hint": "latency", "-t": "3"},
             "configuration_setup": {"topology": "Model1", "target device": "CPU", "API": "sync",
               "inference_only": true, "batch size": "1", "number of parallel infer requests": "1",
               "duration (ms)": "3000"},
             "execution_results": {"read model time (ms)": "524.38", "compile model time (ms)": "282.45",
               "first inference time (ms)": "6.77", "total execution time (ms)": "3002.14",
               "total number of iterations": "760", "latency (ms)": "3.80", "avg latency": "3.87",
               "min latency": "3.50", "max latency": "11.21", "throughput": "253.15"}}
            """;

    @Test
    void parsesThroughputAndLatencies() throws IOException {
        BenchResult r = BenchmarkApp.parseReport(REPORT, "benchmark_app -m model.xml");
        assertEquals("benchmark_app", r.engine());
        assertEquals(1, r.threads());
        assertEquals(760, r.iterations());
        assertEquals(3.00214, r.seconds(), 1e-9);
        assertEquals(253.15, r.imagesPerSecond(), 1e-9);
        assertEquals(3.80, r.latencyMillis().p50(), 1e-9);
        assertEquals(3.87, r.latencyMillis().mean(), 1e-9);
        assertEquals(3.50, r.latencyMillis().min(), 1e-9);
        assertEquals(11.21, r.latencyMillis().max(), 1e-9);
        assertNull(r.latencyMillis().p90());
        assertNull(r.latencyMillis().p99());
    }

    @Test
    void reportWithoutResultsIsRejected() {
        var e = assertThrows(IOException.class, () -> BenchmarkApp.parseReport("{\"cmd_options\": {}}", "x"));
        assertEquals("benchmark_app report has no execution_results: {\"cmd_options\": {}}", e.getMessage());
    }

    @Test
    void commandUsesTheSameModelDeviceHintAndDuration() {
        List<String> cmd = BenchmarkApp.command(Path.of("/venv/bin/benchmark_app"), Path.of("/m/model.xml"), "CPU",
                "throughput", Optional.of("f32"), 7, Path.of("/tmp/r"));
        assertEquals(List.of("/venv/bin/benchmark_app", "-m", "/m/model.xml", "-d", "CPU", "-hint", "throughput",
                "-t", "7", "-infer_precision", "f32", "-report_type", "no_counters", "-report_folder", "/tmp/r",
                "-json_stats"), cmd);
    }
}
