package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.testsupport.GoTools;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} as a scraper sees it: the process and JVM families under Prometheus' standard names, the
 * same {@code model} and {@code version} labels on every per-model family, OpenMetrics when the
 * {@code Accept} header asks for it, and a text format that {@code promtool check metrics} finds clean.
 */
@ServerTest
final class MetricsFormatTest {
    /** What Prometheus 2.x/3.x sends when it scrapes. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final ModelRegistry REGISTRY = TestModels.registry();
    private final Http1Client client;

    MetricsFormatTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routes(HttpRouting.Builder routing) {
        ServerRoutes.http(routing, REGISTRY);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    @Test
    void processAndJvmFamiliesHaveTheStandardNamesAndPlausibleValues() {
        String text = scrape("text/plain");
        long now = System.currentTimeMillis() / 1000;
        double start = value(text, "process_start_time_seconds");
        assertTrue(start > now - 86_400 && start <= now, "start " + start);
        assertTrue(value(text, "process_cpu_seconds_total") > 0, text);
        assertTrue(value(text, "process_resident_memory_bytes") > 10e6, "RSS above 10 MB for a JVM");
        double open = value(text, "process_open_fds");
        assertTrue(open > 3 && open <= value(text, "process_max_fds"), "open fds " + open);
        assertTrue(value(text, "jvm_memory_used_bytes{area=\"heap\"}") > 0, text);
        assertTrue(value(text, "jvm_memory_used_bytes{area=\"nonheap\"}") > 0, text);
        assertTrue(value(text, "jvm_threads_current") >= value(text, "jvm_threads_daemon"), text);
        assertTrue(value(text, "jvm_threads_started_total") >= value(text, "jvm_threads_current"), text);
        assertTrue(value(text, "jvm_classes_currently_loaded") > 1000, text);
        assertTrue(text.contains("# TYPE jvm_gc_collection_seconds summary\n"), text);
        assertTrue(Pattern.compile("(?m)^jvm_gc_collection_seconds_count\\{gc=\"[^\"]+\"} \\d+$").matcher(text).find(),
                text);
    }

    @Test
    void everyPerModelSampleCarriesModelAndVersion() throws Exception {
        REGISTRY.call(TestModels.NAME, Optional.empty(), m -> m.infer(Map.of(m.inputs().getFirst().name(),
                Tensor.ofFloats(Shape.of(1, 3, 96, 96), TestModels.input(3)))));
        String text = scrape("text/plain");
        assertTrue(text.contains("edge_inference_seconds_count{model=\"mobilenet\",version=\"1\"} "), text);
        assertTrue(text.contains("edge_queue_wait_seconds_count{model=\"mobilenet\",version=\"1\"} "), text);
        for (String line : text.lines().filter(l -> l.contains("model=\"")).toList()) {
            assertTrue(line.contains("{model=\"mobilenet\",version=\"1\""), line);
        }
    }

    @Test
    void prometheusAcceptGetsOpenMetrics() {
        try (Http1ClientResponse res = client.get("/metrics").header(HeaderNames.ACCEPT, PROMETHEUS_ACCEPT).request()) {
            assertEquals(200, res.status().code());
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    res.headers().value(HeaderNames.CONTENT_TYPE).orElseThrow());
            String text = res.as(String.class);
            assertTrue(text.endsWith("\n# EOF\n"), text.substring(Math.max(0, text.length() - 200)));
            assertEquals(1, text.lines().filter(l -> l.equals("# EOF")).count());
            assertTrue(text.contains("# TYPE edge_requests counter\n"), text);
            assertTrue(text.contains("# TYPE process_cpu_seconds counter\nprocess_cpu_seconds_total "), text);
            assertFalse(Pattern.compile("(?m)^# (TYPE|HELP) \\w+_total ").matcher(text).find(),
                    "an OpenMetrics counter family is named without _total");
            assertTrue(text.contains("# TYPE edge_inference_seconds histogram\n"), text);
        }
    }

    @Test
    void plainScrapesGetTextFormat004WithoutEof() {
        for (String accept : List.of("", "text/plain", "*/*", "text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5")) {
            String text = scrape(accept);
            assertTrue(text.contains("# TYPE edge_requests_total counter\n"), accept);
            assertFalse(text.contains("# EOF"), accept);
        }
    }

    @Test
    void promtoolFindsTheTextFormatClean() throws Exception {
        String text = scrape("text/plain");
        Process p = new ProcessBuilder(GoTools.promtool().toString(), "check", "metrics").redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out.strip(), "promtool's lint findings");
    }

    private String scrape(String accept) {
        var request = client.get("/metrics");
        if (!accept.isEmpty()) {
            request.header(HeaderNames.ACCEPT, accept);
        }
        try (Http1ClientResponse res = request.request()) {
            assertEquals(200, res.status().code());
            return res.as(String.class);
        }
    }

    /** The value of the one sample named exactly {@code series} (name plus labels, as rendered). */
    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), series + " missing in:\n" + text);
        return Double.parseDouble(m.group(1));
    }
}
