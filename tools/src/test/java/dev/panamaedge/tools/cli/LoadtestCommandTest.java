package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.server.ServerMain;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code edge loadtest} against a real server (the small MobileNetV2 on the reference engine, a free loopback
 * port): closed loop and the open loop of {@code --rate}, over gRPC and HTTP; counts are asserted, never times.
 */
final class LoadtestCommandTest {
    private static ServerMain server;
    private static String target;

    @BeforeAll
    static void startServer() throws Exception {
        server = SmallModel.serve();
        target = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void openLoopSendsExactlyRateTimesDurationRequests() throws Exception {
        for (String protocol : List.of("grpc", "http")) {
            Cli r = Cli.run("loadtest", "--target", target, "--model", "small", "--protocol", protocol, "--rate", "20",
                    "--concurrency", "40", "--duration", "2", "--warmup", "0", "--json");
            assertEquals(0, r.exitCode(), r.err() + r.out());
            JsonNode report = CliJson.MAPPER.readTree(r.out());
            assertEquals("open", report.get("mode").asText());
            assertEquals(20.0, report.get("offeredRate").asDouble());
            // 20 per second for 2 s, scheduled at fixed times; the cap of 40 in flight can never be reached.
            assertEquals(40, report.get("requests").asLong(), protocol + ": " + r.out());
            assertEquals(0, report.get("errors").asLong(), r.out());
            assertEquals(40, report.get("statusCounts").get(protocol.equals("grpc") ? "OK" : "200").asLong());
            assertEquals(20.0, report.get("requestsPerSecond").asDouble(), 1e-9);
            JsonNode latency = report.get("latencyMillis");
            assertTrue(latency.get("p50").asDouble() > 0 && latency.get("p99").asDouble() >= latency.get("p50").asDouble(),
                    r.out());
        }
    }

    @Test
    void openLoopCountsRequestsItCouldNotSendAsBacklogErrors() throws Exception {
        // 2000 per second with one request in flight: every request due while one is still running is not sent.
        Cli r = Cli.run("loadtest", "--target", target, "--model", "small", "--rate", "2000", "--concurrency", "1",
                "--duration", "1", "--warmup", "0", "--json");
        assertEquals(1, r.exitCode(), r.out());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        long ok = report.get("statusCounts").path("OK").asLong();
        long backlog = report.get("statusCounts").get(FixedRateLoad.BACKLOG).asLong();
        assertEquals(2000, report.get("requests").asLong(), r.out());
        assertEquals(2000, ok + backlog, r.out());
        assertEquals(backlog, report.get("errors").asLong());
        assertTrue(backlog > 0 && ok > 0, r.out());
    }

    @Test
    void closedLoopReportsItsClientsAndNoOfferedRate() throws Exception {
        Cli r = Cli.run("loadtest", "--target", target, "--model", "small", "--concurrency", "2", "--duration", "1",
                "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        assertEquals("closed", report.get("mode").asText());
        assertTrue(report.get("offeredRate").isNull(), r.out());
        assertEquals(2, report.get("concurrency").asInt());
        assertEquals(1, report.get("connections").asInt(), "one connection per four clients, at least one");
        assertTrue(report.get("requests").asLong() > 0, r.out());
        assertEquals(report.get("requests").asLong(), report.get("statusCounts").get("OK").asLong());
    }

    @Test
    void closedLoopOverBothProtocolsCountsCheckedRepliesAndReportsItsOwnCpu() throws Exception {
        for (String protocol : List.of("grpc", "http")) {
            Cli r = Cli.run("loadtest", "--target", target, "--model", "small", "--protocol", protocol,
                    "--concurrency", "3", "--duration", "1", "--warmup", "0", "--json");
            assertEquals(0, r.exitCode(), r.err() + r.out());
            JsonNode report = CliJson.MAPPER.readTree(r.out());
            long requests = report.get("requests").asLong();
            assertTrue(requests > 0, r.out());
            assertEquals(requests, report.get("statusCounts").get(protocol.equals("grpc") ? "OK" : "200").asLong(),
                    r.out());
            assertEquals(requests, report.get("requestsPerSecond").asDouble(), 1e-9, r.out());
            assertTrue(report.get("clientCpuCores").isNumber() && report.get("clientCpuCores").asDouble() >= 0, r.out());
            assertTrue(report.get("clientCpuMillisPerRequest").isNumber(), r.out());
        }
    }

    @Test
    void textReportNamesTheLoadGeneratorsCpu() {
        Cli r = Cli.run("loadtest", "--target", target, "--model", "small", "--concurrency", "1", "--duration", "1",
                "--warmup", "0");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains(" grpc small: 1 clients, 1 s: "), r.out());
        assertTrue(r.out().contains("load generator CPU: "), r.out());
        assertTrue(r.out().contains(" ms per request"), r.out());
    }

    @Test
    void clientsShareAsManyConnectionsAsAsked() throws Exception {
        Cli r = Cli.run("loadtest", "--target", target, "--model", "small", "--concurrency", "2", "--connections", "2",
                "--duration", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode report = CliJson.MAPPER.readTree(r.out());
        assertEquals(2, report.get("connections").asInt());
        assertEquals(report.get("requests").asLong(), report.get("statusCounts").get("OK").asLong(), r.out());

        Cli tooMany = Cli.run("loadtest", "--target", target, "--concurrency", "2", "--connections", "3");
        assertEquals(2, tooMany.exitCode(), tooMany.err());
        assertTrue(tooMany.err().contains("--connections must be in 1..--concurrency (2), got 3"), tooMany.err());
    }

    @Test
    void closedLoopCountsAFewFailuresPerClientWhenTheServerStopsMidRun() throws Exception {
        try (var dying = new StopsMidRun()) {
            Cli r = Cli.run("loadtest", "--target", dying.target, "--model", "small", "--concurrency", "3",
                    "--duration", "2", "--warmup", "0", "--json");
            assertEquals(1, r.exitCode(), r.err() + r.out());
            JsonNode report = CliJson.MAPPER.readTree(r.out());
            long requests = report.get("requests").asLong();
            long ok = report.get("statusCounts").path("OK").asLong();
            long errors = report.get("errors").asLong();
            long counted = 0;
            for (JsonNode n : report.get("statusCounts")) {
                counted += n.asLong();
            }
            assertEquals(requests, counted, r.out());
            assertEquals(requests - ok, errors, r.out());
            // Answers before the stop, then failures that answer at once: each client backs off to one send per
            // 200 ms, a few dozen in all where the loop used to spin through millions.
            assertTrue(ok > 0 && errors > 0 && errors < 300, r.out());
            // Every kind of failure counted comes with the first message the client saw for it.
            for (var statuses = report.get("statusCounts").fieldNames(); statuses.hasNext(); ) {
                String status = statuses.next();
                assertTrue(status.equals("OK") || !report.get("failureSamples").path(status).asText().isBlank(),
                        status + " in " + r.out());
            }
        }
    }

    @Test
    void textReportSaysClosedLoopClientsBackedOffAfterFailures() throws Exception {
        try (var dying = new StopsMidRun()) {
            Cli r = Cli.run("loadtest", "--target", dying.target, "--model", "small", "--protocol", "http",
                    "--concurrency", "2", "--duration", "2", "--warmup", "0");
            assertEquals(1, r.exitCode(), r.err() + r.out());
            assertTrue(r.out().contains("after each failed request a client waited before its next: 1 ms, doubling"
                    + " with each failure in a row up to 200 ms"), r.out());
            assertTrue(r.out().matches("(?s).*\nfirst (CLIENT_\\w+|\\d{3}): [^\n]+\n.*"), r.out());
        }
    }

    /**
     * A second server of the small model that stops while a load test runs on it: 200 ms after it answered its
     * first inference (the load test's own start-up, class loading included, takes longer than any fixed delay
     * one could pick).
     */
    private static final class StopsMidRun implements AutoCloseable {
        private final ServerMain server;
        private final Thread stopper;
        final String target;

        StopsMidRun() {
            try {
                // drain-ms: open connections are cut 100 ms after the stop instead of the default 30 s.
                server = SmallModel.serve("drain-ms", "100");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            target = "http://127.0.0.1:" + server.port();
            stopper = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 1000 && !answeredAnInference(); i++) {
                        Thread.sleep(10);
                    }
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                server.close();
            });
        }

        private boolean answeredAnInference() {
            String metrics = server.registry().metrics().render();
            return metrics.contains("endpoint=\"ModelInfer\"") || metrics.contains("endpoint=\"infer\"");
        }

        /** Waits for the stop (at most 10 s when the load test never got to infer), so no server outlives the test. */
        @Override
        public void close() throws InterruptedException {
            stopper.join();
            server.close();
        }
    }

    @Test
    void rateOutOfRangeIsAUsageError() {
        Cli r = Cli.run("loadtest", "--target", target, "--rate", "0");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--rate must be in (0, 100000]"), r.err());
    }
}
